import { type JobEvent, reduceJobEvent } from '@licen/sdk/events'
import { InconsistentStateError } from '../errors.js'
import { credit } from './credits.js'
import { type JobMeta, jobRecordOf, jobRowOf } from './jobRow.js'
import { changeProtocol, protocolRow, requireRow, stamped } from './rows.js'
import type { EventHandler, EventMeta, EventSubject, Rows, Store } from './types.js'

type Job = Rows['job']
type Outcome = 'completed' | 'failed' | 'reclaimed'

/** The activity subject of a job event: its dataset, provider and requester. */
function subjectOf(job: Job): EventSubject {
  return { jobId: job.id, datasetRoot: job.datasetRoot, providerId: job.providerId, account: job.requester }
}

/**
 * The job row after `event`, as the sdk's job reducer decides it (`null`: no row yet). An event the reducer
 * rejects (an unknown job, a second grant, a transition the contract forbids) means the indexed history is
 * incomplete.
 */
function reduceJobRow(job: Job | null, event: JobEvent<EventMeta>): Job {
  const reduced = reduceJobEvent<JobMeta>(job === null ? undefined : jobRecordOf(job), event)
  if (reduced.job !== undefined) return jobRowOf(reduced.job, event.meta.blockNumber)
  const { jobId } = event.args
  const { rejected } = reduced
  switch (rejected.reason) {
    case 'unknownJob':
      return inconsistent(`${event.name} refers to an unknown job`, `job ${jobId} is not indexed`)
    case 'alreadyGranted':
      return inconsistent(`${event.name} for a job already indexed`, `job ${jobId}`)
    case 'forbiddenTransition':
      return inconsistent(`${event.name} for a job in state ${rejected.state}`, `job ${jobId}`)
    case 'otherJob':
      return inconsistent(`${event.name} for another job`, `job ${jobId} read as job ${rejected.jobId}`)
  }
}

function inconsistent(message: string, details: string): never {
  throw new InconsistentStateError(message, { code: 'INCONSISTENT_STATE', details })
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
    ...stamped(meta),
  })
  await store.update('provider', {
    ...provider,
    openJobCount: provider.openJobCount - 1,
    [counter]: provider[counter] + 1,
    epochsTrained: provider.epochsTrained + earned.epochs,
    earned: provider.earned + earned.provider,
    ...stamped(meta),
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
export const onAccessGranted: EventHandler<'AccessGranted'> = async (store, event) => {
  const { meta } = event
  const job = reduceJobRow(await store.find('job', event.args.jobId), event)
  const dataset = await requireRow(store, 'dataset', job.datasetRoot, 'AccessGranted')
  const provider = await requireRow(store, 'provider', job.providerId, 'AccessGranted')
  await store.insert('job', job)
  await store.update('dataset', {
    ...dataset,
    jobCount: dataset.jobCount + 1,
    openJobCount: dataset.openJobCount + 1,
    ...stamped(meta),
  })
  await store.update('provider', {
    ...provider,
    jobCount: provider.jobCount + 1,
    openJobCount: provider.openJobCount + 1,
    ...stamped(meta),
  })
  await changeProtocol(store, meta, (row) => ({
    jobCount: row.jobCount + 1,
    escrowHeld: row.escrowHeld + job.escrow,
  }))
  return subjectOf(job)
}

/** JobStarted: the provider's attestation was verified; the job is Running under its enclave signer. */
export const onJobStarted: EventHandler<'JobStarted'> = async (store, event) => {
  const next = reduceJobRow(await store.find('job', event.args.jobId), event)
  const policy = await requireRow(store, 'attestationPolicyRecord', next.policyHash!, 'JobStarted')
  await store.update('job', next)
  await store.update('attestationPolicyRecord', { ...policy, jobsStarted: policy.jobsStarted + 1 })
  return subjectOf(next)
}

/** JobCompleted: settled on the signed manifest; owner, provider, treasury and requester are credited. */
export const onJobCompleted: EventHandler<'JobCompleted'> = async (store, event) => {
  const { args, meta } = event
  const job = await store.find('job', args.jobId)
  const next = reduceJobRow(job, event)
  await store.update('job', next)
  const { provider } = await closeJob(store, next, 'completed', meta, {
    epochs: BigInt(args.actualEpochs),
    owner: args.ownerAmount,
    provider: args.providerAmount,
    fee: args.feeAmount,
  })
  // The fee goes to the treasury current at settlement, as in the contract.
  const { row: protocol } = await protocolRow(store, meta)
  // The royalty goes to the owner the job was granted under (its policy version's), as in the contract: the
  // dataset may have changed hands since (DatasetOwnerReplaced).
  const terms = await requireRow(
    store,
    'policyVersion',
    `${next.datasetRoot}:${next.policyVersion}`,
    'JobCompleted',
  )
  await credit(store, protocol.treasury, args.feeAmount, meta)
  await credit(store, terms.owner, args.ownerAmount, meta)
  await credit(store, provider.operator, args.providerAmount, meta)
  await credit(store, next.requester, args.refund, meta)
  return subjectOf(next)
}

/** Closes a job that did not settle (JobFailed, JobReclaimed): nothing is earned, the escrow is refunded. */
async function closeUnsettled(
  store: Store,
  event: JobEvent<EventMeta> & { name: 'JobFailed' | 'JobReclaimed' },
  outcome: Outcome,
): Promise<EventSubject> {
  const next = reduceJobRow(await store.find('job', event.args.jobId), event)
  await store.update('job', next)
  await closeJob(store, next, outcome, event.meta, nothingEarned)
  await credit(store, next.requester, event.args.refund, event.meta)
  return subjectOf(next)
}

/** JobFailed: marked by the orchestrator or reported by the enclave; the escrow is refunded in full. */
export const onJobFailed: EventHandler<'JobFailed'> = (store, event) => closeUnsettled(store, event, 'failed')

/** JobReclaimed: the deadline passed unsettled; the escrow is refunded in full. */
export const onJobReclaimed: EventHandler<'JobReclaimed'> = (store, event) =>
  closeUnsettled(store, event, 'reclaimed')
