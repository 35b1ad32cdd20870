import { stringToHex } from 'viem'
import { describe, expect, test } from 'vitest'
import { type JobLogs, summarizeJobLogs } from './jobSummary.js'
import { closingBlock, failureCode, jobTime, jobTimeline, timelineBlocks } from './jobTimeline.js'

const h = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as const
const requester = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as const
const grant = (jobId: bigint) => ({
  blockNumber: 10n + jobId,
  args: {
    jobId,
    datasetRoot: h(1),
    requester,
    providerId: 1,
    epochs: 3,
    purposeId: 0,
    royaltyPerEpoch: 100n,
    pricePerEpoch: 50n,
    policyVersion: 1,
    feeBps: 0,
    deadline: 5000,
    resultPubKey: `0x02${'11'.repeat(32)}` as const,
  },
})
const logs: JobLogs = {
  granted: [grant(1n), grant(2n), grant(3n), grant(4n)],
  started: [
    {
      blockNumber: 20n,
      args: { jobId: 1n, enclaveSigner: requester, attestationRef: h(7), policyHash: h(8) },
    },
  ],
  completed: [
    {
      blockNumber: 30n,
      args: {
        jobId: 1n,
        actualEpochs: 2,
        resultRoot: h(5),
        receiptsHead: h(6),
        codeHash: h(9),
        ownerAmount: 200n,
        providerAmount: 100n,
        feeAmount: 0n,
        refund: 150n,
      },
    },
  ],
  failed: [
    {
      blockNumber: 31n,
      args: {
        jobId: 2n,
        reason: stringToHex('PROVIDER_UNREACHABLE', { size: 32 }),
        byEnclave: false,
        refund: 450n,
      },
    },
  ],
  reclaimed: [{ blockNumber: 32n, args: { jobId: 3n, caller: requester, refund: 450n } }],
}
const jobs = new Map(summarizeJobLogs(logs).map((job) => [job.jobId, job]))
const job = (id: bigint) => jobs.get(id)!
const times = new Map([
  [11n, 1_000],
  [20n, 1_012],
  [30n, 1_140],
  [12n, 1_001],
  [31n, 1_030],
])

describe('jobTimeline', () => {
  test('default: a settled job, every state change with its block and time', () => {
    expect(timelineBlocks(job(1n))).toEqual([11n, 20n, 30n])
    expect(jobTimeline(job(1n), times)).toEqual([
      {
        state: 'Granted',
        what: 'Access granted; the escrow is held by the contract',
        block: 11n,
        time: 1_000,
      },
      {
        state: 'Running',
        what: 'Provider attested, dataset key released, training started',
        block: 20n,
        time: 1_012,
      },
      { state: 'Completed', what: 'Settled: 2 of 3 epochs paid, the rest refunded', block: 30n, time: 1_140 },
    ])
  })

  test('behavior: a job failed before it started names its code and the full refund', () => {
    expect(timelineBlocks(job(2n))).toEqual([12n, 31n])
    expect(jobTimeline(job(2n), times)).toEqual([
      {
        state: 'Granted',
        what: 'Access granted; the escrow is held by the contract',
        block: 12n,
        time: 1_001,
      },
      {
        state: 'Failed',
        what: 'Failed (PROVIDER_UNREACHABLE); the full escrow refunded',
        block: 31n,
        time: 1_030,
      },
    ])
  })

  test('behavior: a block not read yet has no time; an open job has one entry', () => {
    expect(jobTimeline(job(3n), times).map((e) => [e.state, e.block, e.time])).toEqual([
      ['Granted', 13n, undefined],
      ['Reclaimed', 32n, undefined],
    ])
    expect(jobTimeline(job(4n), times).map((e) => e.state)).toEqual(['Granted'])
  })

  test('behavior: failureCode decodes a reason and keeps bytes that are not one', () => {
    expect(failureCode(stringToHex('DATASET_EMPTY', { size: 32 }))).toBe('DATASET_EMPTY')
    expect(failureCode(h(0xff))).toBe(h(0xff))
  })
})

describe('jobTime', () => {
  test('default: a finished job shows when it finished, an open one its deadline', () => {
    expect(closingBlock(job(1n))).toBe(30n)
    expect(closingBlock(job(4n))).toBe(undefined)
    expect(jobTime(job(1n), times)).toEqual({ kind: 'finished', block: 30n, time: 1_140 })
    expect(jobTime(job(3n), times)).toEqual({ kind: 'finished', block: 32n, time: undefined })
    expect(jobTime(job(4n), times)).toEqual({ kind: 'deadline', time: 5000 })
  })
})
