import { hexToBytes, keccak256, slice } from 'viem'
import { InconsistentStateError } from '../errors.js'
import { credit } from './credits.js'
import { changeProtocol, lower, protocolRow, requireRow } from './rows.js'
import type { EventHandler, EventMeta, EventSubject, Rows, Store } from './types.js'

type Job = Rows['job']
type Outcome = 'completed' | 'failed' | 'reclaimed'

/** The activity subject of a job event: its dataset, provider and requester. */
function subjectOf(job: Job): EventSubject {
  return { jobId: job.id, datasetRoot: job.datasetRoot, providerId: job.providerId, account: job.requester }
}

/** Reads a job and checks it is in one of the states the event may leave. */
async function jobIn(
  store: Store,
  jobId: bigint,
  states: readonly Job['state'][],
  event: string,
): Promise<Job> {
  const job = await requireRow(store, 'job', jobId, event)
  if (!states.includes(job.state)) {
    throw new InconsistentStateError(`${event} for a job in state ${job.state}`, {
      code: 'INCONSISTENT_STATE',
      details: `job ${jobId}`,
    })
  }
  return job
}

/**
 * Decodes a failure reason (short ASCII code right-padded with zero bytes); null when it is not printable
 * ASCII, so the feed never shows arbitrary bytes as text.
 */
export function failureCodeOf(reason: `0x${string}`): string | null {
  const bytes = hexToBytes(reason)
  let end = bytes.length
  while (end > 0 && bytes[end - 1] === 0) end--
  if (end === 0) return null
  let code = ''
  for (let i = 0; i < end; i++) {
    const byte = bytes[i]!
    if (byte < 0x20 || byte > 0x7e) return null
    code += String.fromCharCode(byte)
  }
  return code
}

/** Counter updates on the dataset, the provider and the protocol when a job closes. */
async function closeJob(store: Store, job: Job, outcome: Outcome, meta: EventMeta, earned: Earned) {
  const dataset = await requireRow(store, 'dataset', job.datasetRoot, 'job close')
  const provider = await requireRow(store, 'provider', job.providerId, 'job close')
  const counter = `${outcome}JobCount` as const
  await store.update('dataset', {
    ...dataset,
    openJobCount: dataset.openJobCount - 1,
    [counter]: dataset[counter] + 1,
    epochsTrained: dataset.epochsTrained + earned.epochs,
    royaltyEarned: dataset.royaltyEarned + earned.owner,
    updatedAt: meta.timestamp,
    updatedBlock: meta.blockNumber,
  })
  await store.update('provider', {
    ...provider,
    openJobCount: provider.openJobCount - 1,
    [counter]: provider[counter] + 1,
    epochsTrained: provider.epochsTrained + earned.epochs,
    earned: provider.earned + earned.provider,
    updatedAt: meta.timestamp,
    updatedBlock: meta.blockNumber,
  })
  await changeProtocol(store, meta, (row) => ({
    escrowHeld: row.escrowHeld - job.escrow,
    feesEarned: row.feesEarned + earned.fee,
  }))
  return { dataset, provider }
}

type Earned = { epochs: bigint; owner: bigint; provider: bigint; fee: bigint }
const nothingEarned: Earned = { epochs: 0n, owner: 0n, provider: 0n, fee: 0n }

/** AccessGranted: a new job in state Granted, its escrow held. */
export const onAccessGranted: EventHandler<'AccessGranted'> = async (store, { args, meta }) => {
  if ((await store.find('job', args.jobId)) !== null) {
    throw new InconsistentStateError('AccessGranted for a job already indexed', {
      code: 'INCONSISTENT_STATE',
      details: `job ${args.jobId}`,
    })
  }
  const providerId = BigInt(args.providerId)
  const dataset = await requireRow(store, 'dataset', lower(args.datasetRoot), 'AccessGranted')
  const provider = await requireRow(store, 'provider', providerId, 'AccessGranted')
  const escrow = (args.royaltyPerEpoch + args.pricePerEpoch) * BigInt(args.epochs)
  const resultPubKey = lower(args.resultPubKey)
  const job: Job = {
    id: args.jobId,
    datasetRoot: dataset.id,
    requester: lower(args.requester),
    providerId,
    epochs: args.epochs,
    purposeId: args.purposeId,
    royaltyPerEpoch: args.royaltyPerEpoch,
    pricePerEpoch: args.pricePerEpoch,
    policyVersion: args.policyVersion,
    feeBps: args.feeBps,
    deadline: BigInt(args.deadline),
    resultPubKey,
    resultKeyTag: slice(keccak256(resultPubKey), 0, 12),
    escrow,
    state: 'Granted',
    enclaveSigner: null,
    attestationRef: null,
    policyHash: null,
    actualEpochs: 0,
    resultRoot: null,
    receiptsHead: null,
    codeHash: null,
    ownerAmount: null,
    providerAmount: null,
    feeAmount: null,
    refund: null,
    failureReason: null,
    failureCode: null,
    failedByEnclave: null,
    reclaimedBy: null,
    grantedAt: meta.timestamp,
    grantedBlock: meta.blockNumber,
    grantedTx: lower(meta.txHash),
    startedAt: null,
    startedBlock: null,
    startedTx: null,
    completedAt: null,
    failedAt: null,
    reclaimedAt: null,
    closedBlock: null,
    closedTx: null,
    updatedBlock: meta.blockNumber,
  }
  await store.insert('job', job)
  await store.update('dataset', {
    ...dataset,
    jobCount: dataset.jobCount + 1,
    openJobCount: dataset.openJobCount + 1,
    updatedAt: meta.timestamp,
    updatedBlock: meta.blockNumber,
  })
  await store.update('provider', {
    ...provider,
    jobCount: provider.jobCount + 1,
    openJobCount: provider.openJobCount + 1,
    updatedAt: meta.timestamp,
    updatedBlock: meta.blockNumber,
  })
  await changeProtocol(store, meta, (row) => ({
    jobCount: row.jobCount + 1,
    escrowHeld: row.escrowHeld + escrow,
  }))
  return subjectOf(job)
}

/** JobStarted: the provider's attestation was verified; the job is Running under its enclave signer. */
export const onJobStarted: EventHandler<'JobStarted'> = async (store, { args, meta }) => {
  const job = await jobIn(store, args.jobId, ['Granted'], 'JobStarted')
  const policyHash = lower(args.policyHash)
  const policy = await requireRow(store, 'attestationPolicyRecord', policyHash, 'JobStarted')
  const next: Job = {
    ...job,
    state: 'Running',
    enclaveSigner: lower(args.enclaveSigner),
    attestationRef: lower(args.attestationRef),
    policyHash,
    startedAt: meta.timestamp,
    startedBlock: meta.blockNumber,
    startedTx: lower(meta.txHash),
    updatedBlock: meta.blockNumber,
  }
  await store.update('job', next)
  await store.update('attestationPolicyRecord', { ...policy, jobsStarted: policy.jobsStarted + 1 })
  return subjectOf(next)
}

/** JobCompleted: settled on the signed manifest; owner, provider, treasury and requester are credited. */
export const onJobCompleted: EventHandler<'JobCompleted'> = async (store, { args, meta }) => {
  const job = await jobIn(store, args.jobId, ['Running'], 'JobCompleted')
  const next: Job = {
    ...job,
    state: 'Completed',
    actualEpochs: args.actualEpochs,
    resultRoot: lower(args.resultRoot),
    receiptsHead: lower(args.receiptsHead),
    codeHash: lower(args.codeHash),
    ownerAmount: args.ownerAmount,
    providerAmount: args.providerAmount,
    feeAmount: args.feeAmount,
    refund: args.refund,
    completedAt: meta.timestamp,
    closedBlock: meta.blockNumber,
    closedTx: lower(meta.txHash),
    updatedBlock: meta.blockNumber,
  }
  await store.update('job', next)
  const { dataset, provider } = await closeJob(store, job, 'completed', meta, {
    epochs: BigInt(args.actualEpochs),
    owner: args.ownerAmount,
    provider: args.providerAmount,
    fee: args.feeAmount,
  })
  // The fee goes to the treasury current at settlement, as in the contract.
  const { row: protocol } = await protocolRow(store, meta)
  await credit(store, protocol.treasury, args.feeAmount, meta)
  await credit(store, dataset.owner, args.ownerAmount, meta)
  await credit(store, provider.operator, args.providerAmount, meta)
  await credit(store, job.requester, args.refund, meta)
  return subjectOf(next)
}

/** JobFailed: marked by the orchestrator or reported by the enclave; the escrow is refunded in full. */
export const onJobFailed: EventHandler<'JobFailed'> = async (store, { args, meta }) => {
  const job = await jobIn(store, args.jobId, ['Granted', 'Running'], 'JobFailed')
  const reason = lower(args.reason)
  const next: Job = {
    ...job,
    state: 'Failed',
    ...closedWithRefund(args.refund),
    failureReason: reason,
    failureCode: failureCodeOf(reason),
    failedByEnclave: args.byEnclave,
    failedAt: meta.timestamp,
    closedBlock: meta.blockNumber,
    closedTx: lower(meta.txHash),
    updatedBlock: meta.blockNumber,
  }
  await store.update('job', next)
  await closeJob(store, job, 'failed', meta, nothingEarned)
  await credit(store, job.requester, args.refund, meta)
  return subjectOf(next)
}

/** JobReclaimed: the deadline passed unsettled; the escrow is refunded in full. */
export const onJobReclaimed: EventHandler<'JobReclaimed'> = async (store, { args, meta }) => {
  const job = await jobIn(store, args.jobId, ['Granted', 'Running'], 'JobReclaimed')
  const next: Job = {
    ...job,
    state: 'Reclaimed',
    ...closedWithRefund(args.refund),
    reclaimedBy: lower(args.caller),
    reclaimedAt: meta.timestamp,
    closedBlock: meta.blockNumber,
    closedTx: lower(meta.txHash),
    updatedBlock: meta.blockNumber,
  }
  await store.update('job', next)
  await closeJob(store, job, 'reclaimed', meta, nothingEarned)
  await credit(store, job.requester, args.refund, meta)
  return subjectOf(next)
}

/** Payout columns of a job closed with a full refund. */
function closedWithRefund(refund: bigint) {
  return { ownerAmount: 0n, providerAmount: 0n, feeAmount: 0n, refund }
}
