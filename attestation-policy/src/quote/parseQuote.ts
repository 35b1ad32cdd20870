import { bytesToHex } from '@noble/hashes/utils'
import { Quote } from '@phala/dcap-qvl'
import { pemCertificates } from '../der/x509.js'
import { BaseError } from '../errors.js'
import { checkQuoteLayout } from './quoteLayout.js'

/** Quotes outside these sizes are refused before parsing (real TDX quotes are about 5 KB). */
export const MIN_QUOTE_BYTES = 1020
export const MAX_QUOTE_BYTES = 32_768

/** TD report fields as lowercase hex (no 0x). */
export type TdReportFields = {
  teeTcbSvn: string
  mrSeam: string
  mrSignerSeam: string
  seamAttributes: string
  tdAttributes: string
  xfam: string
  mrtd: string
  mrConfigId: string
  mrOwner: string
  mrOwnerConfig: string
  rtmr0: string
  rtmr1: string
  rtmr2: string
  rtmr3: string
  reportData: string
}

/** The QE report carried in the quote's certification data (signed by the PCK key). */
export type QeReportFields = {
  mrSigner: string
  isvProdId: number
  isvSvn: number
  miscSelect: number
  attributes: string
}

/** What this package reads from a quote before any signature is checked. */
export type ParsedQuote = {
  version: number
  teeType: 'tdx' | 'sgx'
  /** TD report (TDX quotes). */
  td: TdReportFields | undefined
  /** Enclave report_data (SGX quotes). */
  sgxReportData: string | undefined
  /** True when the TD (TUD.DEBUG) or enclave (DEBUG attribute) is debuggable. */
  debug: boolean
  qeReport: QeReportFields
  /** PCK certificate chain from the quote, leaf first, DER. */
  pckChain: Uint8Array[]
  /** Length of the signed quote: what follows it is zero padding, not part of the quote (hash only this prefix). */
  signedLength: number
}

const hex = (bytes: Uint8Array) => bytesToHex(bytes)

/**
 * Parses a DCAP quote (SGX or TDX, v3-v5) with @phala/dcap-qvl's parser; no signature is checked here. A quote with
 * any byte its length fields do not account for (non-zero trailing bytes, slack inside the signature data, a
 * non-canonical PCK chain) is refused QUOTE_INVALID; `signedLength` says where the signed quote ends.
 */
export function parseQuote(bytes: Uint8Array): ParsedQuote {
  if (bytes.length < MIN_QUOTE_BYTES || bytes.length > MAX_QUOTE_BYTES) {
    throw new BaseError('The quote has an impossible size.', {
      code: 'QUOTE_INVALID',
      details: `${bytes.length} bytes, expected ${MIN_QUOTE_BYTES}-${MAX_QUOTE_BYTES}`,
    })
  }
  let quote: Quote
  try {
    quote = Quote.parse(bytes)
  } catch (error) {
    throw new BaseError('The quote could not be parsed.', {
      code: 'QUOTE_INVALID',
      details: (error as Error).message,
      cause: error,
    })
  }
  // Only the bytes the signature covers (and zero padding after them): anything else would give one quote many hashes.
  const signedLength = checkQuoteLayout(bytes)
  const auth = quote.authData.intoV3()
  const qe = auth.qeReport
  if (qe.length !== 384) throw new BaseError('The quote has no QE report.', { code: 'QUOTE_INVALID' })
  const view = new DataView(qe.buffer, qe.byteOffset, qe.byteLength)
  const qeReport: QeReportFields = {
    miscSelect: view.getUint32(16, true),
    attributes: hex(qe.subarray(48, 64)),
    mrSigner: hex(qe.subarray(128, 160)),
    isvProdId: view.getUint16(256, true),
    isvSvn: view.getUint16(258, true),
  }
  let pckChain: Uint8Array[] = []
  if (auth.certificationData.certType === 5) {
    pckChain = pemCertificates(new TextDecoder().decode(auth.certificationData.body))
  }
  const td = quote.report.asTd10() ?? quote.report.asTd15()?.base ?? null
  if (td) {
    return {
      version: quote.header.version,
      teeType: 'tdx',
      td: {
        teeTcbSvn: hex(td.teeTcbSvn),
        mrSeam: hex(td.mrSeam),
        mrSignerSeam: hex(td.mrSignerSeam),
        seamAttributes: hex(td.seamAttributes),
        tdAttributes: hex(td.tdAttributes),
        xfam: hex(td.xfam),
        mrtd: hex(td.mrTd),
        mrConfigId: hex(td.mrConfigId),
        mrOwner: hex(td.mrOwner),
        mrOwnerConfig: hex(td.mrOwnerConfig),
        rtmr0: hex(td.rtMr0),
        rtmr1: hex(td.rtMr1),
        rtmr2: hex(td.rtMr2),
        rtmr3: hex(td.rtMr3),
        reportData: hex(td.reportData),
      },
      sgxReportData: undefined,
      debug: (td.tdAttributes[0]! & 0x01) !== 0,
      qeReport,
      pckChain,
      signedLength,
    }
  }
  const enclave = quote.report.asSgx()
  if (!enclave) throw new BaseError('The quote carries an unknown report type.', { code: 'QUOTE_INVALID' })
  return {
    version: quote.header.version,
    teeType: 'sgx',
    td: undefined,
    sgxReportData: hex(enclave.reportData),
    debug: (enclave.attributes[0]! & 0x02) !== 0,
    qeReport,
    pckChain,
    signedLength,
  }
}
