import { describe, expect, test } from 'vitest'
import { fixtureBytes, fixtureJson, intelSample } from '../../test/fixtures.js'
import { parseCollateral } from '../collateral/collateralSchema.js'
import { parseQuote } from '../quote/parseQuote.js'
import { verifyQeIdentity } from './verifyQeIdentity.js'

const collateral = () => parseCollateral(intelSample.collateral())
const qeReport = () => parseQuote(intelSample.quote()).qeReport

describe('verifyQeIdentity', () => {
  test("default: the Intel sample QE matches Intel's signed TD_QE identity", () => {
    expect(verifyQeIdentity(collateral(), qeReport(), 'tdx')).toEqual({
      ok: true,
      code: undefined,
      reason: 'QE identity matches (ISVSVN 6: UpToDate)',
      tcbStatus: 'UpToDate',
      advisoryIds: [],
    })
  })

  test('behavior: the SGX sample QE matches its QE identity', () => {
    const sgx = parseCollateral(fixtureJson('tdx/sample_sgx_quote_collateral.json'))
    const result = verifyQeIdentity(sgx, parseQuote(fixtureBytes('tdx/sample_sgx_quote')).qeReport, 'sgx')
    expect(result).toMatchObject({ ok: true, tcbStatus: 'UpToDate' })
  })

  test.each([
    [
      'identity text altered',
      () => ({
        c: {
          ...collateral(),
          qe_identity: collateral().qe_identity.replace('"isvprodid":2', '"isvprodid":3'),
        },
        r: qeReport(),
      }),
      'QE_IDENTITY_INVALID',
      'the QE identity signature does not verify: the collateral was altered',
    ],
    [
      'identity signed by another certificate',
      () => ({
        c: { ...collateral(), qe_identity_issuer_chain: collateral().pck_crl_issuer_chain },
        r: qeReport(),
      }),
      'QE_IDENTITY_INVALID',
      'the QE identity is not signed by the TCB signing certificate of this collateral',
    ],
    [
      'another MRSIGNER',
      () => ({ c: collateral(), r: { ...qeReport(), mrSigner: '00'.repeat(32) } }),
      'QE_IDENTITY_MISMATCH',
      `QE MRSIGNER ${'00'.repeat(32)} is not Intel's dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5`,
    ],
    [
      'attributes outside the mask',
      () => ({ c: collateral(), r: { ...qeReport(), attributes: '13000000000000000000000000000000' } }),
      'QE_IDENTITY_MISMATCH',
      'QE ATTRIBUTES do not match the QE identity',
    ],
    [
      'ISVSVN below every level',
      () => ({ c: collateral(), r: { ...qeReport(), isvSvn: 0 } }),
      'QE_TCB_UNKNOWN',
      'QE ISVSVN 0 is below every TCB level Intel lists',
    ],
  ])('error: %s', (_, make, code, reason) => {
    const { c, r } = make()
    expect(verifyQeIdentity(c, r, 'tdx')).toEqual({
      ok: false,
      code,
      reason,
      tcbStatus: undefined,
      advisoryIds: [],
    })
  })

  test('error: an SGX QE identity for a TDX quote', () => {
    const sgx = parseCollateral(fixtureJson('tdx/sample_sgx_quote_collateral.json'))
    expect(verifyQeIdentity(sgx, qeReport(), 'tdx').reason).toBe('QE identity is QE v2, expected TD_QE v2')
  })
})
