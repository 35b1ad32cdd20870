import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils'
import { bytesEqual, isoSeconds as iso } from '../bytes.js'
import type { Collateral } from '../collateral/collateralSchema.js'
import {
  commonName,
  type ParsedCertificate,
  parseCertificate,
  parseCrl,
  pemCertificates,
} from '../der/x509.js'
import { verifyP256 } from '../p256.js'
import type { VerdictCode } from './verdict.js'

export type ChainDiagnosis = { code: VerdictCode; reason: string }

function signedBy(tbs: Uint8Array, signature: Uint8Array, issuer: ParsedCertificate): boolean {
  return verifyP256(signature, tbs, issuer.publicKey, 'der')
}

/**
 * Explains why a certificate chain failed, for people: which root the quote's chain ends in, whether each CRL is
 * signed by its issuer and whether the PCK certificate is revoked. Diagnosis only: the verdict itself comes from
 * dcap-qvl; this runs after it refused.
 */
export function diagnoseChain(
  pckChain: readonly Uint8Array[],
  collateral: Collateral,
  anchor: { kind: string; rootCaSha256: string },
  now: number,
): ChainDiagnosis | undefined {
  try {
    const certificates = pckChain.map(parseCertificate)
    const [pck, pckCa] = certificates
    const root = certificates[certificates.length - 1]
    if (!pck || !pckCa || !root) return undefined
    const rootSha256 = bytesToHex(sha256(root.der))
    if (rootSha256 !== anchor.rootCaSha256) {
      return {
        code: 'UNTRUSTED_ROOT',
        reason: `the quote's certificate chain ends in "${commonName(root.subject) ?? '?'}" (sha256 ${rootSha256}), not the ${anchor.kind} root ${anchor.rootCaSha256} this verification trusts`,
      }
    }
    for (const certificate of [
      ...certificates,
      ...pemCertificates(collateral.tcb_info_issuer_chain).map(parseCertificate),
    ]) {
      if (now < certificate.notBefore || now > certificate.notAfter) {
        return {
          code: 'CERT_EXPIRED',
          reason: `certificate "${commonName(certificate.subject) ?? '?'}" is valid ${iso(certificate.notBefore)} to ${iso(certificate.notAfter)}, not at ${iso(now)}`,
        }
      }
    }
    const pckCrl = parseCrl(hexToBytes(collateral.pck_crl))
    if (!bytesEqual(pckCrl.issuer, pckCa.subject) || !signedBy(pckCrl.tbs, pckCrl.signature, pckCa)) {
      return {
        code: 'COLLATERAL_CRL_INVALID',
        reason: 'the PCK CRL is not signed by the CA that issued the PCK certificate',
      }
    }
    if (pckCrl.revokedSerialsHex.includes(pck.serialHex)) {
      return {
        code: 'CERT_REVOKED',
        reason: `the PCK certificate (serial ${pck.serialHex}) is revoked by the PCK CRL`,
      }
    }
    const rootCrl = parseCrl(hexToBytes(collateral.root_ca_crl))
    if (!bytesEqual(rootCrl.issuer, root.subject) || !signedBy(rootCrl.tbs, rootCrl.signature, root)) {
      return { code: 'COLLATERAL_CRL_INVALID', reason: 'the root CA CRL is not signed by the root CA' }
    }
    if (rootCrl.revokedSerialsHex.includes(pckCa.serialHex)) {
      return {
        code: 'CERT_REVOKED',
        reason: `the PCK CA certificate (serial ${pckCa.serialHex}) is revoked by the root CA CRL`,
      }
    }
    return undefined
  } catch {
    return {
      code: 'COLLATERAL_CRL_INVALID',
      reason: 'a certificate or CRL of the quote or collateral is not valid DER',
    }
  }
}
