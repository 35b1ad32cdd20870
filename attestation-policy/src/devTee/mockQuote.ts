import { p256 } from '@noble/curves/nist'
import { sha256 } from '@noble/hashes/sha2'
import { concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils'
import { u16le, u32le } from '../bytes.js'
import { certificatePem } from '../der/x509.js'
import { signP256Raw } from './mockCertificate.js'
import { MOCK_PLATFORM, type MockPki } from './mockPki.js'

const INTEL_QE_VENDOR_ID = hexToBytes('939a7233f79c4ca9940a0db3957f0607')
/** TD attributes with only SEPT_VE_DISABLE set (what production TDs run with). */
export const TD_ATTRIBUTES_PRODUCTION = '0000001000000000'
/** TD attributes with TUD.DEBUG also set: a debuggable TD every verifier must refuse. */
export const TD_ATTRIBUTES_DEBUG = '0100001000000000'

/** The TD report fields a mock quote carries (hex, no 0x). */
export type MockTdReport = {
  mrtd: string
  rtmr0: string
  rtmr1: string
  rtmr2: string
  rtmr3: string
  /** 64 bytes. */
  reportData: string
  tdAttributes?: string
  /** TDX module SVNs; selects the mock TCB level (default: UpToDate). */
  teeTcbSvn?: string
}

function fixed(hex: string | undefined, length: number, what: string): Uint8Array {
  const bytes = hex === undefined ? new Uint8Array(length) : hexToBytes(hex)
  if (bytes.length !== length) throw new RangeError(`${what} must be ${length} bytes`)
  return bytes
}

/**
 * Builds a genuine TDX v4 quote layout (header, TD report 1.0, ECDSA-P256 auth data with QE report and PCK chain)
 * signed by the mock PKI's attestation key, QE report signed by the mock PCK key. Deterministic.
 */
export function mockTdxQuote(pki: MockPki, report: MockTdReport): Uint8Array {
  const header = concatBytes(
    u16le(4),
    u16le(2),
    u32le(0x81),
    u16le(0),
    u16le(MOCK_PLATFORM.pceSvn),
    INTEL_QE_VENDOR_ID,
    new Uint8Array(20),
  )
  const body = concatBytes(
    fixed(report.teeTcbSvn ?? '06010300000000000000000000000000', 16, 'teeTcbSvn'),
    new Uint8Array(48).fill(0x5b),
    new Uint8Array(48),
    new Uint8Array(8),
    fixed(report.tdAttributes ?? TD_ATTRIBUTES_PRODUCTION, 8, 'tdAttributes'),
    fixed('e702060000000000', 8, 'xfam'),
    fixed(report.mrtd, 48, 'mrtd'),
    new Uint8Array(48 * 3),
    fixed(report.rtmr0, 48, 'rtmr0'),
    fixed(report.rtmr1, 48, 'rtmr1'),
    fixed(report.rtmr2, 48, 'rtmr2'),
    fixed(report.rtmr3, 48, 'rtmr3'),
    fixed(report.reportData, 64, 'reportData'),
  )
  const attestationKey = p256.getPublicKey(pki.keys.attestation, false).subarray(1)
  const qeAuthData = sha256(utf8ToBytes('licen/dev-mock-qe-auth-data')).subarray(0, 32)
  const qeReport = concatBytes(
    Uint8Array.from(MOCK_PLATFORM.cpuSvn),
    u32le(0),
    new Uint8Array(28),
    hexToBytes('11000000000000000000000000000000'),
    new Uint8Array(32).fill(0x01),
    new Uint8Array(32),
    hexToBytes(MOCK_PLATFORM.qeMrSigner),
    new Uint8Array(96),
    u16le(MOCK_PLATFORM.qeIsvProdId),
    u16le(MOCK_PLATFORM.qeIsvSvn),
    new Uint8Array(60),
    sha256(concatBytes(attestationKey, qeAuthData)),
    new Uint8Array(32),
  )
  const chain = utf8ToBytes(certificatePem(pki.pck) + certificatePem(pki.pckCa) + certificatePem(pki.rootCa))
  const certificationData = concatBytes(
    qeReport,
    signP256Raw(pki.keys.pck, qeReport),
    u16le(qeAuthData.length),
    qeAuthData,
    u16le(5),
    u32le(chain.length),
    chain,
  )
  const authData = concatBytes(
    signP256Raw(pki.keys.attestation, concatBytes(header, body)),
    attestationKey,
    u16le(6),
    u32le(certificationData.length),
    certificationData,
  )
  return concatBytes(header, body, u32le(authData.length), authData)
}
