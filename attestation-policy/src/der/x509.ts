import { bytesToHex } from '@noble/hashes/utils'
import { BaseError } from '../errors.js'
import {
  type DerNode,
  derChildren,
  derContent,
  derEncoded,
  derOidString,
  derTimeSeconds,
  expectTag,
  readDerRoot,
} from './derReader.js'

/** The parts of an X.509 certificate this package reads. */
export type ParsedCertificate = {
  der: Uint8Array
  tbs: Uint8Array
  serialHex: string
  issuer: Uint8Array
  subject: Uint8Array
  notBefore: number
  notAfter: number
  /** Raw public key from the SubjectPublicKeyInfo BIT STRING (0x04 ‖ x ‖ y for P-256). */
  publicKey: Uint8Array
  signatureAlgorithm: string
  signature: Uint8Array
  extensions: ReadonlyMap<string, { critical: boolean; value: Uint8Array }>
}

/** The parts of an X.509 CRL this package reads. */
export type ParsedCrl = {
  tbs: Uint8Array
  signature: Uint8Array
  issuer: Uint8Array
  thisUpdate: number
  nextUpdate: number | undefined
  revokedSerialsHex: string[]
}

const isTime = (node: DerNode | undefined) => node !== undefined && (node.tag === 0x17 || node.tag === 0x18)

function bitStringBytes(node: DerNode): Uint8Array {
  const content = derContent(expectTag(node, 0x03, 'BIT STRING'))
  if (content[0] !== 0)
    throw new BaseError('Malformed DER data.', {
      code: 'DER_INVALID',
      details: 'BIT STRING with unused bits',
    })
  return content.subarray(1)
}

/** Parses a DER X.509 certificate (v3, one signature algorithm) without checking any signature. */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  const [tbsNode, algNode, sigNode, ...rest] = derChildren(expectTag(readDerRoot(der), 0x30, 'Certificate'))
  if (rest.length > 0 || !tbsNode || !algNode || !sigNode) {
    throw new BaseError('Malformed DER data.', {
      code: 'DER_INVALID',
      details: 'Certificate must have three parts',
    })
  }
  const fields = derChildren(expectTag(tbsNode, 0x30, 'TBSCertificate'))
  let at = 0
  if (fields[0]?.tag === 0xa0) at++
  const serial = expectTag(fields[at++], 0x02, 'serialNumber')
  at++ // signature algorithm inside TBS
  const issuer = expectTag(fields[at++], 0x30, 'issuer')
  const [notBefore, notAfter] = derChildren(expectTag(fields[at++], 0x30, 'validity'))
  if (!isTime(notBefore) || !isTime(notAfter)) {
    throw new BaseError('Malformed DER data.', { code: 'DER_INVALID', details: 'bad validity' })
  }
  const subject = expectTag(fields[at++], 0x30, 'subject')
  const [, keyBits] = derChildren(expectTag(fields[at++], 0x30, 'subjectPublicKeyInfo'))
  const extensions = new Map<string, { critical: boolean; value: Uint8Array }>()
  for (const field of fields.slice(at)) {
    if (field.tag !== 0xa3) continue
    for (const ext of derChildren(expectTag(derChildren(field)[0], 0x30, 'extensions'))) {
      const parts = derChildren(expectTag(ext, 0x30, 'extension'))
      const oid = derOidString(parts[0]!)
      const critical = parts.length === 3 && derContent(expectTag(parts[1], 0x01, 'critical'))[0] === 0xff
      extensions.set(oid, {
        critical,
        value: derContent(expectTag(parts[parts.length - 1], 0x04, 'extnValue')),
      })
    }
  }
  return {
    der,
    tbs: derEncoded(tbsNode),
    serialHex: bytesToHex(derContent(serial)),
    issuer: derEncoded(issuer),
    subject: derEncoded(subject),
    notBefore: derTimeSeconds(notBefore!),
    notAfter: derTimeSeconds(notAfter!),
    publicKey: bitStringBytes(keyBits!),
    signatureAlgorithm: derOidString(derChildren(expectTag(algNode, 0x30, 'signatureAlgorithm'))[0]!),
    signature: bitStringBytes(sigNode),
    extensions,
  }
}

/** Parses a DER X.509 CRL's issuer, update times and revoked serial numbers without checking its signature. */
export function parseCrl(der: Uint8Array): ParsedCrl {
  const [tbsNode, , signatureNode] = derChildren(expectTag(readDerRoot(der), 0x30, 'CertificateList'))
  if (!tbsNode || !signatureNode) {
    throw new BaseError('Malformed DER data.', { code: 'DER_INVALID', details: 'CRL must have three parts' })
  }
  const fields = derChildren(expectTag(tbsNode, 0x30, 'TBSCertList'))
  let at = 0
  if (fields[0]?.tag === 0x02) at++
  at++ // signature algorithm
  const issuer = expectTag(fields[at++], 0x30, 'issuer')
  const thisUpdate = fields[at++]
  if (!isTime(thisUpdate))
    throw new BaseError('Malformed DER data.', { code: 'DER_INVALID', details: 'bad thisUpdate' })
  const nextUpdate = isTime(fields[at]) ? fields[at++] : undefined
  const revoked = fields[at]?.tag === 0x30 ? derChildren(fields[at]!) : []
  return {
    tbs: derEncoded(tbsNode),
    signature: bitStringBytes(signatureNode),
    issuer: derEncoded(issuer),
    thisUpdate: derTimeSeconds(thisUpdate!),
    nextUpdate: nextUpdate ? derTimeSeconds(nextUpdate) : undefined,
    revokedSerialsHex: revoked.map((entry) =>
      bytesToHex(derContent(expectTag(derChildren(entry)[0], 0x02, 'serial'))),
    ),
  }
}

/** Returns the first commonName in a DER Name, or undefined. */
export function commonName(name: Uint8Array): string | undefined {
  for (const rdn of derChildren(readDerRoot(name))) {
    for (const attribute of derChildren(rdn)) {
      const [type, value] = derChildren(attribute)
      if (type && value && derOidString(type) === '2.5.4.3')
        return new TextDecoder().decode(derContent(value))
    }
  }
  return undefined
}

/** Splits a PEM text into the DER bytes of its CERTIFICATE blocks, in order. */
export function pemCertificates(pem: string): Uint8Array[] {
  const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)]
  return blocks.map((block) => {
    const base64 = block[1]!.replace(/\s+/g, '')
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
      throw new BaseError('Malformed PEM certificate.', { code: 'DER_INVALID', details: 'not base64' })
    }
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
  })
}

/** Encodes DER certificate bytes as one PEM block. */
export function certificatePem(der: Uint8Array): string {
  let binary = ''
  for (const byte of der) binary += String.fromCharCode(byte)
  const lines = btoa(binary).match(/.{1,64}/g) ?? []
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`
}
