import { type dataPolicyAbi, jobEscrow } from '@licen/sdk'
import type { Address, ContractEventName, GetContractEventsReturnType, Hex } from 'viem'
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

/** Decoded logs of one DataPolicy event, as viem returns them with `strict: true` (the ABI gives every arg's type). */
type Logs<E extends ContractEventName<typeof dataPolicyAbi>> = {
  args: GetContractEventsReturnType<typeof dataPolicyAbi, E, true>[number]['args']
  blockNumber: bigint
}[]

/** The job events as viem decodes them. */
export type JobEvents = {
  granted: Logs<'AccessGranted'>
  started: Logs<'JobStarted'>
  completed: Logs<'JobCompleted'>
  failed: Logs<'JobFailed'>
  reclaimed: Logs<'JobReclaimed'>
}

/** Rebuilds jobs from their events; newest first. Outcomes of jobs without a grant are ignored. */
export function reduceJobEvents(events: JobEvents): JobSummary[] {
  const jobs = new Map<bigint, JobSummary>()
  for (const { args, blockNumber } of events.granted) {
    jobs.set(args.jobId, {
      ...args,
      grantedBlock: blockNumber,
      escrow: jobEscrow(args),
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
