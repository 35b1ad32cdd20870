import { p256 } from '@noble/curves/nist'
import { sha256 } from '@noble/hashes/sha2'
import { concatBytes } from '@noble/hashes/utils'
import {
  derBoolean,
  derContext,
  derInteger,
  derIntegerBytes,
  derOctetString,
  derOid,
  derPrintable,
  derSequence,
  derSet,
  derTime,
  derTlv,
  derUtf8,
} from '../der/derWriter.js'

const ECDSA_WITH_SHA256 = derSequence(derOid('1.2.840.10045.4.3.2'))
const EC_P256_KEY = derSequence(derOid('1.2.840.10045.2.1'), derOid('1.2.840.10045.3.1.7'))

/** Signs `message` with ECDSA P-256/SHA-256 deterministically (RFC 6979) and returns the DER signature. */
export function signP256Der(privateKey: Uint8Array, message: Uint8Array): Uint8Array {
  return p256.sign(sha256(message), privateKey, { prehash: false }).toDERRawBytes()
}

/** Signs `message` with ECDSA P-256/SHA-256 deterministically and returns raw r ‖ s (64 bytes), as DCAP uses. */
export function signP256Raw(privateKey: Uint8Array, message: Uint8Array): Uint8Array {
  return p256.sign(sha256(message), privateKey, { prehash: false }).toCompactRawBytes()
}

/** A DER Name of CN, O, optional OU and C=US. */
export function mockName(parts: { cn: string; o: string; ou?: string }): Uint8Array {
  const rdn = (oid: string, value: Uint8Array) => derSet(derSequence(derOid(oid), value))
  return derSequence(
    rdn('2.5.4.3', derUtf8(parts.cn)),
    rdn('2.5.4.10', derUtf8(parts.o)),
    ...(parts.ou === undefined ? [] : [rdn('2.5.4.11', derUtf8(parts.ou))]),
    rdn('2.5.4.6', derPrintable('US')),
  )
}

const extension = (oid: string, critical: boolean, value: Uint8Array) =>
  derSequence(derOid(oid), ...(critical ? [derBoolean(true)] : []), derOctetString(value))

const keyId = (publicKey: Uint8Array) => sha256(publicKey).subarray(0, 20)

export type MockCertificateParameters = {
  serial: Uint8Array
  issuer: Uint8Array
  subject: Uint8Array
  notBefore: Date
  notAfter: Date
  publicKey: Uint8Array
  issuerPublicKey: Uint8Array
  /** CA certificates get keyCertSign/cRLSign and this path length. */
  ca: { pathLength: number } | undefined
  extraExtensions?: Uint8Array[]
}

/** The TBSCertificate of a mock certificate, shaped like Intel's (v3, ECDSA P-256, BC/KU critical, SKI/AKI). */
export function mockTbsCertificate(parameters: MockCertificateParameters): Uint8Array {
  const { ca } = parameters
  const keyUsage = ca ? Uint8Array.of(0x01, 0x06) : Uint8Array.of(0x06, 0xc0)
  return derSequence(
    derContext(0, derInteger(2)),
    derIntegerBytes(parameters.serial),
    ECDSA_WITH_SHA256,
    parameters.issuer,
    derSequence(derTime(parameters.notBefore), derTime(parameters.notAfter)),
    parameters.subject,
    derSequence(EC_P256_KEY, derTlv(0x03, concatBytes(Uint8Array.of(0), parameters.publicKey))),
    derContext(
      3,
      derSequence(
        extension('2.5.29.35', false, derSequence(derContext(0, keyId(parameters.issuerPublicKey), false))),
        extension('2.5.29.14', false, derOctetString(keyId(parameters.publicKey))),
        extension('2.5.29.15', true, derTlv(0x03, keyUsage)),
        extension(
          '2.5.29.19',
          true,
          ca ? derSequence(derBoolean(true), derInteger(ca.pathLength)) : derSequence(),
        ),
        ...(parameters.extraExtensions ?? []),
      ),
    ),
  )
}

/** Wraps a TBS structure (certificate or CRL) with its ECDSA-SHA256 signature. */
export function signedStructure(tbs: Uint8Array, signingKey: Uint8Array): Uint8Array {
  return derSequence(
    tbs,
    ECDSA_WITH_SHA256,
    derTlv(0x03, concatBytes(Uint8Array.of(0), signP256Der(signingKey, tbs))),
  )
}

/** The DER length a TBS structure will have once signed with a signature of `signatureLength` DER bytes. */
export function signedLength(tbs: Uint8Array, signatureLength: number): number {
  return derSequence(tbs, ECDSA_WITH_SHA256, derTlv(0x03, new Uint8Array(signatureLength + 1))).length
}

/** A v2 CRL signed by `issuerKey`, listing `revokedSerials` (revoked at `thisUpdate`). */
export function mockCrl(parameters: {
  issuer: Uint8Array
  issuerPublicKey: Uint8Array
  issuerKey: Uint8Array
  thisUpdate: Date
  nextUpdate: Date
  revokedSerials: Uint8Array[]
}): Uint8Array {
  const revoked = parameters.revokedSerials.map((serial) =>
    derSequence(derIntegerBytes(serial), derTime(parameters.thisUpdate)),
  )
  const tbs = derSequence(
    derInteger(1),
    ECDSA_WITH_SHA256,
    parameters.issuer,
    derTime(parameters.thisUpdate),
    derTime(parameters.nextUpdate),
    ...(revoked.length ? [derSequence(...revoked)] : []),
    derContext(
      0,
      derSequence(
        extension('2.5.29.20', false, derInteger(1)),
        extension('2.5.29.35', false, derSequence(derContext(0, keyId(parameters.issuerPublicKey), false))),
      ),
    ),
  )
  return signedStructure(tbs, parameters.issuerKey)
}
