import { describe, expect, test } from 'vitest'
import { formFromPolicy, type PolicyFormValues, policyFromForm } from './policyForm.js'

const limits = { minSessionTtl: 60, maxSessionTtl: 30 * 86_400, decimals: 18 }
const now = Date.UTC(2026, 0, 1) / 1000
const values: PolicyFormValues = {
  royalty: '0.01',
  maxEpochs: '5',
  maxActiveJobs: '2',
  sessionHours: '1.5',
  expiryDate: '2026-12-31',
  purposes: [0, 2],
  attestationPolicy: `0x${'AB'.repeat(32)}`,
}

describe('policyFromForm', () => {
  test('default', () => {
    expect(policyFromForm(values, limits, now)).toEqual({
      ok: true,
      policy: {
        royaltyPerEpoch: 10_000_000_000_000_000n,
        maxEpochsPerJob: 5,
        maxActiveJobsPerRequester: 2,
        sessionTtl: 5400,
        expiry: Date.UTC(2026, 11, 31, 23, 59, 59) / 1000,
        allowedPurposes: 0b101,
        attestationPolicy: `0x${'ab'.repeat(32)}`,
      },
    })
  })

  test('args: empty expiry and attestation policy mean never and any', () => {
    const result = policyFromForm(
      { ...values, expiryDate: '', attestationPolicy: '', royalty: '0' },
      limits,
      now,
    )
    expect(result).toMatchObject({
      ok: true,
      policy: { expiry: 0, attestationPolicy: `0x${'0'.repeat(64)}`, royaltyPerEpoch: 0n },
    })
  })

  test('error: every field out of range names its problem', () => {
    expect(
      policyFromForm(
        {
          royalty: '1e18',
          maxEpochs: '0',
          maxActiveJobs: '70000',
          sessionHours: '0.001',
          expiryDate: '2025-01-01',
          purposes: [],
          attestationPolicy: '0x12',
        },
        limits,
        now,
      ),
    ).toEqual({
      ok: false,
      errors: {
        royalty: 'Enter an amount such as 0.01 (zero is allowed).',
        maxEpochs: 'Enter a whole number from 1 to 65535.',
        maxActiveJobs: 'Enter a whole number from 1 to 65535.',
        sessionHours: 'Enter a length from 1 min to 30 d.',
        expiryDate: 'The expiry date must be in the future.',
        purposes: 'Allow at least one purpose.',
        attestationPolicy: 'Enter a 32-byte policy hash (0x + 64 hex digits), or leave it empty.',
      },
    })
  })

  test('error: royalty above uint96', () => {
    expect(policyFromForm({ ...values, royalty: '80000000000' }, limits, now)).toEqual({
      ok: false,
      errors: { royalty: 'The royalty is too large.' },
    })
  })

  test('behavior: formFromPolicy round-trips', () => {
    const result = policyFromForm(values, limits, now)
    if (!result.ok) throw new Error('expected ok')
    expect(formFromPolicy(result.policy, 18)).toEqual({
      ...values,
      attestationPolicy: `0x${'ab'.repeat(32)}`,
    })
  })
})
