import { stringToHex } from 'viem'
import { describe, expect, test } from 'vitest'
import type { JobSummary } from '../jobs/jobSummary.js'
import { auditedJob, refundStep } from './refundCheck.js'

const h = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as const
const granted: JobSummary = {
  jobId: 2n,
  datasetRoot: h(1),
  requester: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  providerId: 1,
  epochs: 2,
  purposeId: 0,
  royaltyPerEpoch: 1_000_000_000_000_000n,
  pricePerEpoch: 1_000_000_000_000_000n,
  policyVersion: 1,
  feeBps: 0,
  deadline: 5000,
  resultPubKey: `0x02${'11'.repeat(32)}`,
  grantedBlock: 12n,
  escrow: 4_000_000_000_000_000n,
  state: 'Granted',
}
const failed: JobSummary = {
  ...granted,
  state: 'Failed',
  failed: {
    reason: stringToHex('PROVIDER_UNREACHABLE', { size: 32 }),
    byEnclave: false,
    refund: 4_000_000_000_000_000n,
    block: 31n,
  },
}

describe('refundStep', () => {
  test('default: a failed job refunded in full passes', () => {
    expect(refundStep(failed, 'ETH')).toEqual({
      id: 'refund',
      title: 'The full escrow was refunded to the requester',
      status: 'pass',
      detail: 'refund 0.004 ETH = escrow 0.004 ETH (Failed: PROVIDER_UNREACHABLE)',
    })
    expect(auditedJob(failed)).toEqual({
      state: 'Failed',
      escrow: 4_000_000_000_000_000n,
      refund: 4_000_000_000_000_000n,
      failure: { code: 'PROVIDER_UNREACHABLE', byEnclave: false },
    })
  })

  test('error: a refund short of the escrow fails; an open job has no refund step', () => {
    const short = { ...failed, failed: { ...failed.failed!, refund: 2_000_000_000_000_000n } }
    expect(refundStep(short, 'ETH')).toMatchObject({
      status: 'fail',
      detail: 'refund 0.002 ETH ≠ escrow 0.004 ETH (Failed: PROVIDER_UNREACHABLE)',
    })
    expect(refundStep(granted, 'ETH')).toBe(undefined)
    expect(auditedJob(granted)).toEqual({
      state: 'Granted',
      escrow: 4_000_000_000_000_000n,
      refund: undefined,
      failure: undefined,
    })
  })
})
