import { type JobEvent, reduceJobEvents } from '@licen/sdk/events'
import { keccak256, slice, stringToHex } from 'viem'
import { describe, expect, test } from 'vitest'
import { event } from '../../test/events.js'
import { failureCodeOf, type JobMeta, jobRecordOf, jobRowOf } from './jobRow.js'
import type { EventMeta } from './types.js'

describe('failureCodeOf', () => {
  test('default: decodes a right-padded ASCII code', () => {
    expect(failureCodeOf(stringToHex('OUT_OF_MEMORY', { size: 32 }))).toBe('OUT_OF_MEMORY')
  })

  test('args: a code filling all 32 bytes', () => {
    expect(failureCodeOf(stringToHex('A'.repeat(32)))).toBe('A'.repeat(32))
  })

  test('behavior: the zero reason has no code', () => {
    expect(failureCodeOf(`0x${'00'.repeat(32)}`)).toBeNull()
  })

  test('behavior: non-printable bytes or an inner zero byte give no code', () => {
    expect(failureCodeOf(`0x41ff${'00'.repeat(30)}`)).toBeNull()
    expect(failureCodeOf(`0x410042${'00'.repeat(29)}`)).toBeNull()
    expect(failureCodeOf(`0x0a${'00'.repeat(31)}`)).toBeNull()
  })
})

const researcher = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
const enclave = '0x976EA74026E726554dB657fA54763abd0C3a0aa9'
const root = '0x64CB15B01D3638ACAE07043A5D3C77157B4B4C00B7A2DE479EC7160340129CD0'
const policyHash = `0x${'5B'.repeat(32)}` as const
const resultPubKey = '0x02fcb916dceffc4880f4e0e4448b100564754f88110f3c1df818b08ed103fac3c9'
const reason = stringToHex('OUT_OF_MEMORY', { size: 32 })

/** Escrow 33000 = 3 × (10000 + 1000). */
const terms = { datasetRoot: root, requester: researcher, providerId: 1, epochs: 3, purposeId: 0 } as const
const prices = { royaltyPerEpoch: 10_000n, pricePerEpoch: 1_000n, policyVersion: 1, feeBps: 250 }
const granted = event(
  'AccessGranted',
  { jobId: 1n, ...terms, ...prices, deadline: 1_700_003_672, resultPubKey },
  6n,
)
const started = event(
  'JobStarted',
  { jobId: 1n, enclaveSigner: enclave, attestationRef: `0x${'AA'.repeat(32)}`, policyHash },
  8n,
)
const completed = event(
  'JobCompleted',
  {
    jobId: 1n,
    actualEpochs: 2,
    resultRoot: `0x${'22'.repeat(32)}`,
    receiptsHead: `0x${'33'.repeat(32)}`,
    codeHash: `0x${'44'.repeat(32)}`,
    ownerAmount: 20_000n,
    providerAmount: 2_000n,
    feeAmount: 0n,
    refund: 11_000n,
  },
  9n,
)
const failed = event('JobFailed', { jobId: 1n, reason, byEnclave: true, refund: 33_000n }, 9n, 2)
const reclaimed = event('JobReclaimed', { jobId: 1n, caller: researcher, refund: 33_000n }, 9n)

/** The row of the job the events describe, through the sdk's reducer. */
function rowAfter(...events: JobEvent<EventMeta>[]) {
  const record = reduceJobEvents<JobMeta>(events)[0]!
  return jobRowOf(record, events.at(-1)!.meta.blockNumber)
}

describe('jobRowOf', () => {
  test('default: a failed job, hex lowercase, payouts zero but the refund', () => {
    expect(rowAfter(granted, started, failed)).toEqual({
      id: 1n,
      datasetRoot: root.toLowerCase(),
      requester: researcher.toLowerCase(),
      providerId: 1n,
      epochs: 3,
      purposeId: 0,
      royaltyPerEpoch: 10_000n,
      pricePerEpoch: 1_000n,
      policyVersion: 1,
      feeBps: 250,
      deadline: 1_700_003_672n,
      resultPubKey,
      resultKeyTag: slice(keccak256(resultPubKey), 0, 12),
      escrow: 33_000n,
      state: 'Failed',
      enclaveSigner: enclave.toLowerCase(),
      attestationRef: `0x${'aa'.repeat(32)}`,
      policyHash: `0x${'5b'.repeat(32)}`,
      actualEpochs: 0,
      resultRoot: null,
      receiptsHead: null,
      codeHash: null,
      ownerAmount: 0n,
      providerAmount: 0n,
      feeAmount: 0n,
      refund: 33_000n,
      failureReason: reason,
      failureCode: 'OUT_OF_MEMORY',
      failedByEnclave: true,
      reclaimedBy: null,
      grantedAt: 1_700_000_072n,
      grantedBlock: 6n,
      grantedTx: granted.meta.txHash,
      startedAt: 1_700_000_096n,
      startedBlock: 8n,
      startedTx: started.meta.txHash,
      completedAt: null,
      failedAt: 1_700_000_108n,
      reclaimedAt: null,
      closedBlock: 9n,
      closedTx: failed.meta.txHash,
      updatedBlock: 9n,
    })
  })

  test('behavior: an open job has no payouts yet', () => {
    expect(rowAfter(granted)).toMatchObject({
      state: 'Granted',
      enclaveSigner: null,
      ownerAmount: null,
      providerAmount: null,
      feeAmount: null,
      refund: null,
      closedBlock: null,
      updatedBlock: 6n,
    })
  })
})

describe('jobRecordOf', () => {
  test('default: the row of every state gives back the same row', () => {
    const histories = [
      [granted],
      [granted, started],
      [granted, started, completed],
      [granted, failed],
      [granted, started, failed],
      [granted, reclaimed],
      [granted, started, reclaimed],
    ]
    for (const events of histories) {
      const row = rowAfter(...events)
      expect(jobRowOf(jobRecordOf(row), row.updatedBlock)).toEqual(row)
    }
  })
})
