import type { Address, Hex } from 'viem'
import type { JobStateName } from '../format/jobState.js'

/** A job rebuilt from its events: the grant, and what happened to it since. */
export type JobSummary = {
  jobId: bigint
  datasetRoot: Hex
  requester: Address
  providerId: number
  epochs: number
  purposeId: number
  royaltyPerEpoch: bigint
  pricePerEpoch: bigint
  policyVersion: number
  feeBps: number
  deadline: number
  resultPubKey: Hex
  grantedBlock: bigint
  escrow: bigint
  state: JobStateName
  started?: { enclaveSigner: Address; attestationRef: Hex; policyHash: Hex; block: bigint }
  completed?: {
    actualEpochs: number
    resultRoot: Hex
    receiptsHead: Hex
    codeHash: Hex
    ownerAmount: bigint
    providerAmount: bigint
    feeAmount: bigint
    refund: bigint
    block: bigint
  }
  failed?: { reason: Hex; byEnclave: boolean; refund: bigint; block: bigint }
  reclaimed?: { caller: Address; refund: bigint; block: bigint }
}

type WithBlock<T> = { args: T; blockNumber: bigint }

/** The job events as viem decodes them. */
export type JobEvents = {
  granted: WithBlock<{
    jobId: bigint
    datasetRoot: Hex
    requester: Address
    providerId: number
    epochs: number
    purposeId: number
    royaltyPerEpoch: bigint
    pricePerEpoch: bigint
    policyVersion: number
    feeBps: number
    deadline: number
    resultPubKey: Hex
  }>[]
  started: WithBlock<{ jobId: bigint; enclaveSigner: Address; attestationRef: Hex; policyHash: Hex }>[]
  completed: WithBlock<{
    jobId: bigint
    actualEpochs: number
    resultRoot: Hex
    receiptsHead: Hex
    codeHash: Hex
    ownerAmount: bigint
    providerAmount: bigint
    feeAmount: bigint
    refund: bigint
  }>[]
  failed: WithBlock<{ jobId: bigint; reason: Hex; byEnclave: boolean; refund: bigint }>[]
  reclaimed: WithBlock<{ jobId: bigint; caller: Address; refund: bigint }>[]
}

/** Escrow a job holds: `(royaltyPerEpoch + pricePerEpoch) × epochs`, exactly as the contract computes it. */
export function escrowFor(royaltyPerEpoch: bigint, pricePerEpoch: bigint, epochs: number): bigint {
  return (royaltyPerEpoch + pricePerEpoch) * BigInt(epochs)
}

/** Rebuilds jobs from their events; newest first. Outcomes of jobs without a grant are ignored. */
export function reduceJobEvents(events: JobEvents): JobSummary[] {
  const jobs = new Map<bigint, JobSummary>()
  for (const { args, blockNumber } of events.granted) {
    jobs.set(args.jobId, {
      ...args,
      grantedBlock: blockNumber,
      escrow: escrowFor(args.royaltyPerEpoch, args.pricePerEpoch, args.epochs),
      state: 'Granted',
    })
  }
  for (const { args, blockNumber } of events.started) {
    const job = jobs.get(args.jobId)
    if (!job) continue
    const { jobId: _, ...rest } = args
    job.started = { ...rest, block: blockNumber }
    if (job.state === 'Granted') job.state = 'Running'
  }
  for (const { args, blockNumber } of events.completed) {
    const job = jobs.get(args.jobId)
    if (!job) continue
    const { jobId: _, ...rest } = args
    job.completed = { ...rest, block: blockNumber }
    job.state = 'Completed'
  }
  for (const { args, blockNumber } of events.failed) {
    const job = jobs.get(args.jobId)
    if (!job) continue
    job.failed = { reason: args.reason, byEnclave: args.byEnclave, refund: args.refund, block: blockNumber }
    job.state = 'Failed'
  }
  for (const { args, blockNumber } of events.reclaimed) {
    const job = jobs.get(args.jobId)
    if (!job) continue
    job.reclaimed = { caller: args.caller, refund: args.refund, block: blockNumber }
    job.state = 'Reclaimed'
  }
  return [...jobs.values()].sort((a, b) => (a.jobId === b.jobId ? 0 : a.jobId > b.jobId ? -1 : 1))
}
