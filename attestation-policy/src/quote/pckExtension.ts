import { bytesToHex } from '@noble/hashes/utils'
import { derChildren, derContent, derOidString, readDerRoot } from '../der/derReader.js'
import { commonName, parseCertificate } from '../der/x509.js'
import { BaseError } from '../errors.js'

/** OID of Intel's SGX extension in PCK certificates. */
export const SGX_EXTENSION_OID = '1.2.840.113741.1.13.1'

/** Platform facts Intel records in a PCK certificate. */
export type PckExtension = {
  /** FMSPC, uppercase hex (as PCCS URLs and TCB info write it). */
  fmspc: string
  pceId: string
  pceSvn: number
  cpuSvn: number[]
  /** Which Intel CA issued the PCK certificate: selects the PCK CRL. */
  ca: 'processor' | 'platform'
}

function invalid(details: string): never {
  throw new BaseError('The PCK certificate has no readable SGX extension.', {
    code: 'QUOTE_INVALID',
    details,
  })
}

/** Reads FMSPC, PCE id/SVN, CPU SVN and issuing CA from a PCK certificate (DER). */
export function readPckExtension(pckCertificate: Uint8Array): PckExtension {
  const certificate = parseCertificate(pckCertificate)
  const extension = certificate.extensions.get(SGX_EXTENSION_OID)
  if (!extension) invalid('extension 1.2.840.113741.1.13.1 is missing')
  const fields = new Map<string, Uint8Array>()
  const tcb = new Map<string, Uint8Array>()
  for (const entry of derChildren(readDerRoot(extension.value))) {
    const [oid, value] = derChildren(entry)
    if (!oid || !value) invalid('malformed entry')
    const id = derOidString(oid)
    if (id === `${SGX_EXTENSION_OID}.2`) {
      for (const component of derChildren(value)) {
        const [componentOid, componentValue] = derChildren(component)
        if (componentOid && componentValue) tcb.set(derOidString(componentOid), derContent(componentValue))
      }
    } else fields.set(id, derContent(value))
  }
  const fmspc = fields.get(`${SGX_EXTENSION_OID}.4`)
  const pceId = fields.get(`${SGX_EXTENSION_OID}.3`)
  const cpuSvn = tcb.get(`${SGX_EXTENSION_OID}.2.18`)
  const pceSvn = tcb.get(`${SGX_EXTENSION_OID}.2.17`)
  if (fmspc?.length !== 6 || pceId?.length !== 2 || cpuSvn?.length !== 16 || !pceSvn || pceSvn.length > 3) {
    invalid('FMSPC, PCE-ID, CPUSVN or PCESVN missing or malformed')
  }
  const issuer = commonName(certificate.issuer) ?? ''
  return {
    fmspc: bytesToHex(fmspc).toUpperCase(),
    pceId: bytesToHex(pceId),
    pceSvn: pceSvn.reduce((value, byte) => value * 256 + byte, 0),
    cpuSvn: [...cpuSvn],
    ca: issuer.includes('Platform') ? 'platform' : 'processor',
  }
}
