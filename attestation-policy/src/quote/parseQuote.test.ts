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
