import { describe, expect, test } from 'vitest'
import { intelSample } from '../../test/fixtures.js'
import { parseCollateral } from '../collateral/collateralSchema.js'
import { parseQuote } from '../quote/parseQuote.js'
import { checkTdxModule } from './checkTdxModule.js'

const collateral = () => parseCollateral(intelSample.collateral())
const td = () => parseQuote(intelSample.quote()).td!

describe('checkTdxModule', () => {
  test('default: the Intel sample runs TDX module 1 at SVN 6, UpToDate', () => {
    expect(checkTdxModule(collateral(), td())).toEqual({
      ok: true,
      code: undefined,
      reason: 'TDX module TDX_01 SVN 6: UpToDate',
      tcbStatus: 'UpToDate',
      advisoryIds: [],
    })
  })

  test('behavior: module version 0 is checked against the generic tdxModule identity only', () => {
    expect(
      checkTdxModule(collateral(), { ...td(), teeTcbSvn: '06000000000000000000000000000000' }),
    ).toMatchObject({
      ok: true,
      reason: 'TDX module signer and attributes match',
      tcbStatus: undefined,
    })
  })

  test.each([
    [
      'another module signer',
      { mrSignerSeam: '01'.repeat(48) },
      'TDX_MODULE_MISMATCH',
      `TDX module MRSIGNER ${'01'.repeat(48)} is not Intel's ${'00'.repeat(48)}`,
    ],
    [
      'SEAM attributes set',
      { seamAttributes: '0100000000000000' },
      'TDX_MODULE_MISMATCH',
      'TDX module SEAMATTRIBUTES 0100000000000000 do not match 0000000000000000',
    ],
    [
      'an unknown module version',
      { teeTcbSvn: '06090000000000000000000000000000' },
      'TDX_MODULE_MISMATCH',
      'the TCB info lists no TDX module identity TDX_09',
    ],
    [
      'a module SVN below every level',
      { teeTcbSvn: '00010000000000000000000000000000' },
      'TDX_MODULE_TCB_UNKNOWN',
      'TDX module TDX_01 SVN 0 is below every TCB level Intel lists',
    ],
  ])('error: %s', (_, change, code, reason) => {
    expect(checkTdxModule(collateral(), { ...td(), ...change })).toEqual({
      ok: false,
      code,
      reason,
      tcbStatus: undefined,
      advisoryIds: [],
    })
  })

  test('error: TCB info without a TDX module identity', () => {
    const tcbInfo = JSON.parse(collateral().tcb_info)
    delete tcbInfo.tdxModule
    expect(checkTdxModule({ ...collateral(), tcb_info: JSON.stringify(tcbInfo) }, td()).reason).toBe(
      'the TCB info has no TDX module identity (a TDX v3 TCB info is required)',
    )
  })
})
