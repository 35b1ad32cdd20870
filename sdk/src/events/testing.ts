// Hand-built job lifecycle events for the reducer tests (no chain: positions are made up).
import type { Hex } from 'viem'
import type { DataPolicyEvent, DataPolicyEventArgs } from './dataPolicyEvent.js'
import type { JobEventName } from './reduceJobEvent.js'

/** Where a test event sits: block number and log index. */
export type Position = { blockNumber: bigint; logIndex: number }

export const h = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex
export const requester = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as const
export const signer = '0x90F79bf6EB2c4f870365E785982E1f101E93b906' as const

/** An event at block `blockNumber`, log index 0. */
export function at<name extends JobEventName>(
  name: name,
  args: DataPolicyEventArgs<name>,
  blockNumber: bigint,
): DataPolicyEvent<name, Position> {
  return { name, args, meta: { blockNumber, logIndex: 0 } } as DataPolicyEvent<name, Position>
}

/** The terms of every test grant: escrow (100 + 50) × 3 = 450. */
const terms = { datasetRoot: h(1), requester, providerId: 1, epochs: 3, purposeId: 0, policyVersion: 1 }
const prices = { royaltyPerEpoch: 100n, pricePerEpoch: 50n, feeBps: 250, deadline: 1000 }

export const granted = (jobId: bigint, blockNumber = 10n + jobId) =>
  at('AccessGranted', { jobId, ...terms, ...prices, resultPubKey: `0x02${'11'.repeat(32)}` }, blockNumber)
export const started = (jobId: bigint, blockNumber = 20n) =>
  at('JobStarted', { jobId, enclaveSigner: signer, attestationRef: h(7), policyHash: h(8) }, blockNumber)
/** A settlement of 2 epochs out of 3 at 250 bps: 195 + 98 + 7 paid out, 150 refunded. */
const results = { actualEpochs: 2, resultRoot: h(5), receiptsHead: h(6), codeHash: h(9) }
const payouts = { ownerAmount: 195n, providerAmount: 98n, feeAmount: 7n, refund: 150n }
export const completed = (jobId: bigint, blockNumber = 30n) =>
  at('JobCompleted', { jobId, ...results, ...payouts }, blockNumber)
export const failed = (jobId: bigint, blockNumber = 31n) =>
  at('JobFailed', { jobId, reason: h(5), byEnclave: false, refund: 450n }, blockNumber)
export const reclaimed = (jobId: bigint, blockNumber = 32n) =>
  at('JobReclaimed', { jobId, caller: requester, refund: 450n }, blockNumber)
