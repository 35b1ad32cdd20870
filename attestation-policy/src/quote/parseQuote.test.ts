import { describe, expect, test } from 'vitest'
import { dstackSample, fixtureBytes, intelSample } from '../../test/fixtures.js'
import { parseQuote } from './parseQuote.js'
import { readPckExtension } from './pckExtension.js'

describe('parseQuote', () => {
  test('default: the Intel TDX sample', () => {
    const quote = parseQuote(intelSample.quote())
    expect(quote).toMatchObject({ version: 4, teeType: 'tdx', debug: false, sgxReportData: undefined })
    expect(quote.td).toMatchObject({
      mrtd: intelSample.mrtd,
      rtmr0: intelSample.rtmr0,
      rtmr3: '00'.repeat(48),
      reportData: intelSample.reportData,
      tdAttributes: '0000001000000000',
    })
    expect(quote.qeReport).toEqual({
      miscSelect: 0,
      attributes: '1500000000000000e700000000000000',
      mrSigner: 'dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5',
      isvProdId: 2,
      isvSvn: 6,
    })
    expect(quote.pckChain.length).toBe(3)
  })

  test('behavior: v5 TDX, SGX and dstack quotes', () => {
    expect(parseQuote(fixtureBytes('tdx/sample_tdx_quote_outdated'))).toMatchObject({
      version: 5,
      teeType: 'tdx',
    })
    const sgx = parseQuote(fixtureBytes('tdx/sample_sgx_quote'))
    expect(sgx).toMatchObject({ version: 3, teeType: 'sgx', td: undefined, debug: false })
    expect(parseQuote(dstackSample.quote()).td?.rtmr3).toBe(dstackSample.rtmr3)
  })

  test.each([
    ['too short', new Uint8Array(100), 'The quote has an impossible size.'],
    ['too long', new Uint8Array(40_000), 'The quote has an impossible size.'],
    ['garbage', new Uint8Array(2000).fill(0xff), 'The quote could not be parsed.'],
  ])('error: %s', (_, bytes, message) => {
    expect(() => parseQuote(bytes)).toThrow(message)
  })
})

describe('parseQuote: only the signed bytes', () => {
  const append = (quote: Uint8Array, extra: Uint8Array) => {
    const out = new Uint8Array(quote.length + extra.length)
    out.set(quote)
    out.set(extra, quote.length)
    return out
  }
  /** Overwrites a little-endian u32 (a length field) at `offset`. */
  const setU32 = (quote: Uint8Array, offset: number, value: number) => {
    const out = quote.slice()
    new DataView(out.buffer).setUint32(offset, value, true)
    return out
  }
  const u32At = (quote: Uint8Array, offset: number) =>
    new DataView(quote.buffer, quote.byteOffset).getUint32(offset, true)
  /** Each fixture, the length its header, report and signature-data length field give, and what one byte more leaves. */
  const fixtures: [string, () => Uint8Array, number, string][] = [
    ['Intel TDX v4 sample', intelSample.quote, 4936, '71 bytes after its 4936'],
    [
      'Intel TDX v5 sample',
      () => fixtureBytes('tdx/sample_tdx_quote_outdated'),
      5006,
      '1 byte after its 5006',
    ],
    ['Intel SGX v3 sample', () => fixtureBytes('tdx/sample_sgx_quote'), 4600, '1 byte after its 4600'],
    ['dstack sample', dstackSample.quote, 4936, '71 bytes after its 4936'],
  ]

  test.each(fixtures)(
    'default: the %s, byte for byte and cut to its signed length, parses',
    (_, quote, signed) => {
      expect(parseQuote(quote()).signedLength).toBe(signed)
      // What follows the signed quote in the samples is the zero padding Intel's quote generation writes.
      expect(
        quote()
          .subarray(signed)
          .every((byte) => byte === 0),
      ).toBe(true)
      expect(parseQuote(quote().subarray(0, signed)).signedLength).toBe(signed)
    },
  )

  test.each(fixtures)(
    'error: the %s with one trailing non-zero byte is refused QUOTE_INVALID',
    (_, quote, signed, left) => {
      expect(() => parseQuote(append(quote(), new Uint8Array([1])))).toThrowError(
        expect.objectContaining({
          code: 'QUOTE_INVALID',
          shortMessage: 'The quote carries bytes its signature does not cover.',
          details: `trailing bytes after the signed quote (${left}, not zero padding)`,
        }),
      )
      const exact = append(quote().subarray(0, signed), new Uint8Array([0xff]))
      expect(() => parseQuote(exact)).toThrow(
        `trailing bytes after the signed quote (1 byte after its ${signed}, not zero padding)`,
      )
    },
  )

  test('error: a trailing copy of the signature data, or a signature-data length that disagrees, is refused', () => {
    const quote = intelSample.quote().subarray(0, 4936)
    // TDX v4: 48-byte header, 584-byte TD report, then the u32 signature-data length.
    expect(u32At(quote, 632)).toBe(4936 - 636)
    expect(() => parseQuote(append(quote, quote.subarray(636)))).toThrow(
      'trailing bytes after the signed quote (4300 bytes after its 4936, not zero padding)',
    )
    const padded = setU32(append(quote, new Uint8Array(8)), 632, 4300 + 8)
    expect(() => parseQuote(padded)).toThrow(
      'the signature data holds 8 bytes after the end its length fields give',
    )
    expect(() => parseQuote(setU32(quote, 632, 4300 + 1))).toThrow('The quote could not be parsed.')
  })

  test('error: slack inside the QE report certification data is refused', () => {
    const quote = intelSample.quote().subarray(0, 4936)
    // The signature data: 64-byte signature, 64-byte key, u16 type 6, u32 size of the QE report certification data.
    const sizeAt = 636 + 64 + 64 + 2
    expect(sizeAt + 4 + u32At(quote, sizeAt)).toBe(4936)
    const slack = setU32(
      setU32(append(quote, new Uint8Array(3)), sizeAt, u32At(quote, sizeAt) + 3),
      632,
      4300 + 3,
    )
    expect(() => parseQuote(slack)).toThrow(
      'the QE report certification data holds 3 bytes after the end its length fields give',
    )
  })

  test('error: a PCK chain with bytes besides its canonically encoded certificates is refused', () => {
    const edited = intelSample.quote().slice(0, 4936)
    // The chain ends "-----END CERTIFICATE-----\n\0"; turn its last newline into a space.
    expect([...edited.subarray(4934)]).toEqual([0x0a, 0x00])
    edited[4934] = 0x20
    expect(() => parseQuote(edited)).toThrow(
      'the PCK certificate chain holds bytes besides its canonically encoded certificates',
    )
  })
})

describe('readPckExtension', () => {
  test('default: FMSPC, PCE and CPU SVN and issuing CA of the Intel sample PCK certificate', () => {
    const pck = parseQuote(intelSample.quote()).pckChain[0]!
    expect(readPckExtension(pck)).toEqual({
      fmspc: 'B0C06F000000',
      pceId: '0000',
      pceSvn: 11,
      cpuSvn: [3, 3, 2, 2, 4, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0],
      ca: 'platform',
    })
  })

  test('error: a certificate without the SGX extension', () => {
    const root = parseQuote(intelSample.quote()).pckChain[2]!
    expect(() => readPckExtension(root)).toThrow('The PCK certificate has no readable SGX extension.')
  })
})
