import { certificatePem, pemCertificates } from '../der/x509.js'
import { BaseError } from '../errors.js'

/** Bytes of the quote header, an SGX enclave report, a TD 1.0 report and a TD 1.5 report. */
const HEADER_BYTES = 48
const ENCLAVE_REPORT_BYTES = 384
const TD10_REPORT_BYTES = 584
const TD15_REPORT_BYTES = 648
/** ECDSA-256 signature and attestation key, the QE report and its signature. */
const ECDSA_SIGNATURE_BYTES = 64
const ECDSA_KEY_BYTES = 64
const QE_REPORT_SIGNATURE_BYTES = 64
/** Certification data types: a PEM PCK chain (5) and QE report certification data (6). */
const CERT_TYPE_PCK_CHAIN = 5
const CERT_TYPE_QE_REPORT = 6

const refuse = (details: string): never => {
  throw new BaseError('The quote carries bytes its signature does not cover.', {
    code: 'QUOTE_INVALID',
    details,
  })
}

const plural = (n: number) => `${n} byte${n === 1 ? '' : 's'}`

/** A bounds-checked little-endian cursor over one length-delimited region of a quote. */
class Cursor {
  offset = 0
  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  take(length: number): Uint8Array {
    if (this.offset + length > this.bytes.length)
      refuse(`${this.what} ends after ${this.bytes.length} bytes, ${this.offset + length} needed`)
    const out = this.bytes.subarray(this.offset, this.offset + length)
    this.offset += length
    return out
  }

  u16(): number {
    const b = this.take(2)
    return b[0]! | (b[1]! << 8)
  }

  u32(): number {
    const b = this.take(4)
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0
  }

  /** Every byte of the region must have been read: a length field that leaves slack is refused. */
  end(): void {
    if (this.offset !== this.bytes.length)
      refuse(
        `${this.what} holds ${plural(this.bytes.length - this.offset)} after the end its length fields give`,
      )
  }
}

/** Bytes of the report the header (and, in v5, the body descriptor) announces. */
function reportBytes(quote: Cursor, version: number, teeType: number): number {
  if (version === 3) return ENCLAVE_REPORT_BYTES
  if (version === 4) return teeType === 0 ? ENCLAVE_REPORT_BYTES : TD10_REPORT_BYTES
  if (version !== 5) return refuse(`quote version ${version} has no known layout`)
  const bodyType = quote.u16()
  const bodySize = quote.u32()
  const expected = ({ 1: ENCLAVE_REPORT_BYTES, 2: TD10_REPORT_BYTES, 3: TD15_REPORT_BYTES } as const)[
    bodyType as 1 | 2 | 3
  ]
  if (expected === undefined) return refuse(`v5 body type ${bodyType} has no known layout`)
  if (bodySize !== expected)
    refuse(`v5 body type ${bodyType} claims ${bodySize} bytes, its report has ${expected}`)
  return expected
}

/**
 * The PCK chain as PEM: exactly its certificates, each encoded the one canonical way (64-character base64 lines),
 * optionally followed by the single NUL byte Intel's quoting enclave writes. Whitespace, text between blocks or a
 * second encoding of the same certificates would give one attestation many byte strings.
 */
function checkPckChain(body: Uint8Array): void {
  const text = new TextDecoder('latin1').decode(body)
  const pem = text.endsWith('\0') ? text.slice(0, -1) : text
  let canonical = ''
  try {
    canonical = pemCertificates(pem).map(certificatePem).join('')
  } catch {
    refuse('the PCK certificate chain is not PEM')
  }
  if (canonical.length === 0 || canonical !== pem)
    refuse('the PCK certificate chain holds bytes besides its canonically encoded certificates')
}

/** Certification data: type, size and a body of exactly that size; the PCK chain (type 5) is checked too. */
function readCertificationData(region: Cursor): void {
  const type = region.u16()
  const body = region.take(region.u32())
  if (type === CERT_TYPE_PCK_CHAIN) checkPckChain(body)
}

/** QE report, its signature, the QE authentication data and the PCK certification data, with nothing after. */
function readQeReportData(region: Cursor): void {
  region.take(ENCLAVE_REPORT_BYTES)
  region.take(QE_REPORT_SIGNATURE_BYTES)
  region.take(region.u16())
  readCertificationData(region)
}

/**
 * Returns the length of the signed quote in `bytes` and refuses a DCAP quote (v3-v5) that holds any byte its
 * length fields do not account for: header, report, the signature-data length and every nested length inside the
 * signature data (certification data, QE report certification data, QE authentication data) must add up exactly,
 * and the PCK chain must be canonical PEM. After the signed quote only zero padding is allowed (Intel's quote
 * generation pads its buffer: both real Intel and dstack samples carry 70 zero bytes); it is not part of the quote,
 * so callers hash `bytes.subarray(0, length)`. Anything else would let one attestation travel under many hashes.
 */
export function checkQuoteLayout(bytes: Uint8Array): number {
  const quote = new Cursor(bytes, 'the quote')
  const header = new Cursor(quote.take(HEADER_BYTES), 'the header')
  const version = header.u16()
  header.u16()
  const teeType = header.u32()
  quote.take(reportBytes(quote, version, teeType))
  const signatureData = new Cursor(quote.take(quote.u32()), 'the signature data')
  const signedLength = quote.offset
  if (bytes.subarray(signedLength).some((byte) => byte !== 0))
    refuse(
      `trailing bytes after the signed quote (${plural(bytes.length - signedLength)} after its ${signedLength}, not zero padding)`,
    )
  signatureData.take(ECDSA_SIGNATURE_BYTES)
  signatureData.take(ECDSA_KEY_BYTES)
  if (version === 3) {
    readQeReportData(signatureData)
  } else {
    const type = signatureData.u16()
    if (type !== CERT_TYPE_QE_REPORT)
      refuse(`certification data type ${type}, expected ${CERT_TYPE_QE_REPORT}`)
    const qeReportData = new Cursor(
      signatureData.take(signatureData.u32()),
      'the QE report certification data',
    )
    readQeReportData(qeReportData)
    qeReportData.end()
  }
  signatureData.end()
  return signedLength
}
