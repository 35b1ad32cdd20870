import { openJobKey, reportData, resultKeyTag } from '@licen/sdk'
import { type Address, bytesToHex, type Hex, isAddressEqual } from 'viem'
import type { ChainJob, ChainReader } from '../chain/createChainReader.js'
import { createJobKeys } from '../keys/createJobKeys.js'
import type { TeeClient } from '../tee/createTeeClient.js'
import { createJobQueue } from './createJobQueue.js'
import type { JobEnvironment } from './JobEnvironment.js'
import { JobError } from './JobError.js'
import { isEnded, type JobRecord } from './JobRecord.js'
import { type JobView, jobView, type ResultView, resultView } from './jobView.js'
import { failJob, runJob } from './runJob.js'

/** Limits of the job service. */
export type JobServiceLimits = {
  /** Jobs trained at once. */
  maxConcurrentJobs: number
  /** Started jobs that may wait for a slot. */
  maxQueuedJobs: number
  /** Jobs attested but not started that may exist at once. */
  maxPendingJobs: number
  /** Of those, jobs of one requester. */
  maxPendingPerRequester: number
  /** Of those, jobs on one dataset. */
  maxPendingPerDataset: number
  /** Seconds an attested job may wait for its start before its keys are dropped. */
  pendingTtlSeconds: number
  /** Ended jobs kept for status and result queries (oldest dropped first). */
  maxRetainedJobs: number
}

export type CreateJobServiceParameters = {
  env: JobEnvironment
  chain: ChainReader
  tee: TeeClient
  /** This node's provider id on chain. */
  providerId: number
  limits: JobServiceLimits
}

export type AttestParameters = { jobId: bigint; nonce: Hex; chainId: number; dataPolicy: Address }
export type AttestAnswer = { quote: Hex; eventLog: string; encPubKey: Hex; signer: Address; reportData: Hex }
export type StartParameters = {
  jobId: bigint
  sealedKey: Hex
  spec: { datasetRoot: Hex; epochs: number; resultPubKey: Hex }
}

/** Pending jobs whose chain state one check reads at most (those checked longest ago first). */
const PENDING_CHECK_BATCH = 32
/** Chain reads of one check in flight at once. */
const PENDING_CHECK_CONCURRENCY = 4
/** How long one check may take; reads still unanswered then are abandoned (their jobs stay, checked later). */
const PENDING_CHECK_DEADLINE_MS = 5_000
/** A pending job the chain vouched for this recently is not read again. */
const PENDING_RECHECK_MS = 5_000
/** Longest interval between sweeps (TTL pruning and the chain check of pending jobs). */
const SWEEP_INTERVAL_MS = 15_000

/** The provider's jobs: attestation, start, status, result and shutdown. */
export type JobService = {
  attest: (parameters: AttestParameters) => Promise<AttestAnswer>
  /** Starts an attested job; a refused start of a Running job ends it as a signed failure (returned, not thrown). */
  start: (parameters: StartParameters) => Promise<JobView>
  get: (jobId: bigint) => JobView
  result: (jobId: bigint) => ResultView
  /** Counts by state plus queue length, for metrics and `/v1/info`. */
  counts: () => { byState: Record<string, number>; running: number; queued: number }
  /** Refuses new work, ends running and queued jobs as signed `PROVIDER_SHUTDOWN` failures, waits for them. */
  shutdown: () => Promise<void>
}

/**
 * Whether an attested job can still start on this node: Granted (its `startJob` is still to come), or Running
 * under this job's signer (its key is on its way). Failed, Completed, Reclaimed, or Running under another signer:
 * never.
 */
function canStillStart(job: ChainJob, record: JobRecord): boolean {
  return (
    job.state === 'Granted' ||
    (job.state === 'Running' && isAddressEqual(job.enclaveSigner, record.keys.signer))
  )
}

/** Creates the job service. */
export function createJobService(parameters: CreateJobServiceParameters): JobService {
  const { env, chain, tee, limits } = parameters
  const records = new Map<bigint, JobRecord>()
  const queue = createJobQueue({ concurrency: limits.maxConcurrentJobs, maxQueued: limits.maxQueuedJobs })
  let shuttingDown = false
  // Attested jobs that never start would hold their keys until the next attest; sweep them regularly too, and
  // drop those whose job the chain says can no longer start here (failed, reclaimed, started elsewhere).
  const sweeper = setInterval(
    () => {
      prune()
      void checkPending(() => false)
    },
    Math.min(limits.pendingTtlSeconds * 1000, SWEEP_INTERVAL_MS),
  )
  sweeper.unref()

  const find = (jobId: bigint) => {
    const record = records.get(jobId)
    if (!record) throw new JobError('No such job on this node.', { code: 'JOB_NOT_FOUND' })
    return record
  }

  /** Forgets a job that was attested but not started, with its keys. */
  const dropPending = (record: JobRecord) => {
    record.keys.wipe()
    records.delete(record.jobId)
  }

  /** Drops pending jobs past their TTL and the oldest ended jobs beyond the retention bound. */
  const prune = () => {
    const now = env.now()
    const ended: JobRecord[] = []
    for (const record of records.values()) {
      if (record.startedAt === undefined && now - record.createdAt > limits.pendingTtlSeconds * 1000) {
        dropPending(record)
      } else if (isEnded(record)) ended.push(record)
    }
    ended.sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0))
    for (const record of ended.slice(0, Math.max(0, ended.length - limits.maxRetainedJobs))) {
      records.delete(record.jobId)
    }
  }

  const readJob = async (jobId: bigint): Promise<ChainJob> => chain.getJob(jobId)

  let checking: Promise<void> | undefined
  /**
   * Reads the chain state of the pending jobs checked longest ago (`prefer`red ones first; at most
   * `PENDING_CHECK_BATCH`, `PENDING_CHECK_CONCURRENCY` at a time, within `PENDING_CHECK_DEADLINE_MS`) and drops
   * each whose job can no longer start here. One check runs at a time; failed or late reads keep their job. Never
   * throws.
   */
  const checkPending = async (prefer: (record: JobRecord) => boolean): Promise<void> => {
    while (checking) await checking
    const run = async () => {
      const now = env.now()
      const due = [...records.values()]
        .filter((record) => record.startedAt === undefined && now - record.checkedAt >= PENDING_RECHECK_MS)
        .sort((a, b) => Number(prefer(b)) - Number(prefer(a)) || a.checkedAt - b.checkedAt)
        .slice(0, PENDING_CHECK_BATCH)
      if (due.length === 0) return
      let timer: ReturnType<typeof setTimeout> | undefined
      const late = new Promise<undefined>((resolve) => {
        timer = setTimeout(resolve, PENDING_CHECK_DEADLINE_MS, undefined)
      })
      let expired = false
      void late.then(() => {
        expired = true
      })
      let next = 0
      const worker = async () => {
        while (next < due.length && !expired) {
          const record = due[next++]!
          const job = await Promise.race([readJob(record.jobId), late]).catch(() => undefined)
          // Unanswered, or started (or replaced) meanwhile: leave it.
          if (job === undefined || records.get(record.jobId) !== record || record.startedAt !== undefined)
            continue
          if (canStillStart(job, record)) {
            record.checkedAt = env.now()
            continue
          }
          dropPending(record)
          env.log.info('pending job dropped', { jobId: record.jobId.toString(), state: job.state })
        }
      }
      try {
        await Promise.all(Array.from({ length: PENDING_CHECK_CONCURRENCY }, worker))
      } finally {
        clearTimeout(timer)
      }
    }
    checking = run()
      .catch(() => {})
      .finally(() => {
        checking = undefined
      })
    await checking
  }

  /** The refusal a new pending job of `job`'s requester and dataset meets now, if any. */
  const pendingRefusal = (job: ChainJob): JobError | undefined => {
    let total = 0
    let ofRequester = 0
    let onDataset = 0
    for (const record of records.values()) {
      if (record.startedAt !== undefined) continue
      total++
      if (isAddressEqual(record.requester, job.requester)) ofRequester++
      if (record.datasetRoot.toLowerCase() === job.datasetRoot.toLowerCase()) onDataset++
    }
    if (total >= limits.maxPendingJobs) {
      return new JobError('Too many jobs wait for their start; try later.', { code: 'TOO_MANY_PENDING' })
    }
    if (ofRequester >= limits.maxPendingPerRequester) {
      return new JobError("Too many of the requester's jobs wait for their start; try later.", {
        code: 'TOO_MANY_PENDING_FOR_REQUESTER',
      })
    }
    if (onDataset >= limits.maxPendingPerDataset) {
      return new JobError('Too many jobs on this dataset wait for their start; try later.', {
        code: 'TOO_MANY_PENDING_FOR_DATASET',
      })
    }
    return undefined
  }

  /** Checks the job on chain against this node, its keys and the start spec; throws the failure it finds. */
  const checkStart = (job: ChainJob, record: JobRecord, spec: StartParameters['spec']) => {
    if (job.state !== 'Running') {
      throw new JobError('The job is not Running on chain.', {
        code: 'JOB_NOT_RUNNING',
        details: `state ${job.state}`,
      })
    }
    if (job.providerId !== parameters.providerId) {
      throw new JobError('The job names another provider.', { code: 'JOB_NOT_FOR_PROVIDER' })
    }
    if (!isAddressEqual(job.enclaveSigner, record.keys.signer)) {
      throw new JobError("The job's enclave signer is not this job's key.", { code: 'SIGNER_MISMATCH' })
    }
    if (job.datasetRoot.toLowerCase() !== spec.datasetRoot.toLowerCase() || job.epochs !== spec.epochs) {
      throw new JobError('The start spec differs from the job on chain.', { code: 'SPEC_MISMATCH' })
    }
    if (resultKeyTag(spec.resultPubKey).toLowerCase() !== job.resultKeyTag.toLowerCase()) {
      throw new JobError("The result key does not match the job's result key tag.", {
        code: 'RESULT_KEY_MISMATCH',
      })
    }
  }

  return {
    async attest({ jobId, nonce, chainId, dataPolicy }) {
      if (shuttingDown) throw new JobError('The node is shutting down.', { code: 'SHUTTING_DOWN' })
      if (chainId !== env.chainId || !isAddressEqual(dataPolicy, env.dataPolicy)) {
        throw new JobError('This node serves another chain or contract.', {
          code: 'CHAIN_MISMATCH',
          details: `serves chain ${env.chainId}, contract ${env.dataPolicy}`,
        })
      }
      const known = records.get(jobId)
      if (known?.startedAt !== undefined)
        throw new JobError('The job already started.', { code: 'JOB_ALREADY_STARTED' })
      const key = nonce.toLowerCase()
      if (known?.nonces.has(key))
        throw new JobError('This nonce was already used for this job.', { code: 'NONCE_REUSED' })
      const job = await readJob(jobId)
      if (job.state !== 'Granted') {
        throw new JobError('The job is not Granted on chain.', {
          code: 'JOB_NOT_GRANTED',
          details: `state ${job.state}`,
        })
      }
      if (job.providerId !== parameters.providerId) {
        throw new JobError('The job names another provider.', { code: 'JOB_NOT_FOR_PROVIDER' })
      }
      prune()
      /** The job's record as it stands now (re-read after every await: another attest may have created it). */
      const current = () => {
        const found = records.get(jobId)
        if (found?.startedAt !== undefined)
          throw new JobError('The job already started.', { code: 'JOB_ALREADY_STARTED' })
        if (found?.nonces.has(key))
          throw new JobError('This nonce was already used for this job.', { code: 'NONCE_REUSED' })
        return found
      }
      let record = current()
      if (!record && pendingRefusal(job)) {
        // Full (for everyone, this requester or this dataset): first drop the pending jobs the chain has moved
        // on from, the ones that count against this job first.
        await checkPending(
          (r) =>
            isAddressEqual(r.requester, job.requester) ||
            r.datasetRoot.toLowerCase() === job.datasetRoot.toLowerCase(),
        )
        record = current()
      }
      if (!record) {
        const refusal = pendingRefusal(job)
        if (refusal) throw refusal
        // Keys live for the whole job: a repeated attest (new nonce) quotes the same keys, so an orchestrator
        // that restarts after startJob still finds the signer it recorded on chain.
        record = {
          jobId,
          keys: createJobKeys(),
          nonces: new Set(),
          requester: job.requester,
          datasetRoot: job.datasetRoot,
          createdAt: env.now(),
          checkedAt: env.now(),
          startedAt: undefined,
          endedAt: undefined,
          status: { state: 'Init' },
          receipts: [],
          result: undefined,
          failure: undefined,
          dataset: undefined,
          abort: new AbortController(),
        }
        records.set(jobId, record)
      }
      record.nonces.add(key)
      const binding = reportData({
        chainId: env.chainId,
        dataPolicy: env.dataPolicy,
        jobId,
        nonce,
        encPubKey: record.keys.encPubKey,
        signer: record.keys.signer,
      })
      const quote = await tee.getQuote(binding)
      env.metrics.attestations.inc({ outcome: 'quoted' })
      env.log.info('attested', { jobId: jobId.toString(), stage: 'Init', signer: record.keys.signer })
      return {
        quote: quote.quote,
        eventLog: quote.eventLog,
        encPubKey: record.keys.encPubKey,
        signer: record.keys.signer,
        reportData: bytesToHex(binding),
      }
    },

    async start({ jobId, sealedKey, spec }) {
      if (shuttingDown) throw new JobError('The node is shutting down.', { code: 'SHUTTING_DOWN' })
      const record = records.get(jobId)
      if (!record) throw new JobError('The job was not attested on this node.', { code: 'JOB_NOT_ATTESTED' })
      if (record.startedAt !== undefined)
        throw new JobError('The job already started.', { code: 'JOB_ALREADY_STARTED' })
      // Claimed before any await: a second start racing this one is refused.
      record.startedAt = env.now()
      record.status = { state: 'SettingUp', queued: false }
      let job: ChainJob
      try {
        job = await readJob(jobId)
      } catch (error) {
        // A chain outage is not the job's fault: release the claim so the orchestrator can retry.
        record.startedAt = undefined
        record.status = { state: 'Init' }
        throw error
      }
      let datasetKey: Uint8Array
      try {
        checkStart(job, record, spec)
        datasetKey = record.keys.withEncryptionKey((providerPrivateKey) =>
          openJobKey({
            chainId: env.chainId,
            contract: env.dataPolicy,
            jobId,
            datasetRoot: job.datasetRoot,
            providerPrivateKey,
            envelope: sealedKey,
          }),
        )
      } catch (error) {
        await failJob(env, record, error)
        record.keys.wipe()
        record.endedAt = env.now()
        return jobView(record)
      } finally {
        record.keys.wipeEncryptionKey()
      }
      env.metrics.jobsStarted.inc()
      env.log.info('job started', { jobId: jobId.toString(), stage: 'SettingUp', epochs: spec.epochs })
      const runSpec = {
        datasetRoot: job.datasetRoot,
        epochs: job.epochs,
        resultPubKey: spec.resultPubKey,
        attestationRef: job.attestationRef,
        deadline: job.deadline,
      }
      record.status = { state: 'SettingUp', queued: true }
      const accepted = queue.submit(async () => {
        if (record.abort.signal.aborted) {
          datasetKey.fill(0)
          await failJob(
            env,
            record,
            new JobError('The node shut down before the job ran.', { code: 'PROVIDER_SHUTDOWN' }),
          )
          record.keys.wipe()
          record.endedAt = env.now()
          return
        }
        await runJob(env, record, runSpec, datasetKey)
      })
      if (!accepted) {
        datasetKey.fill(0)
        await failJob(env, record, new JobError('The job queue is full.', { code: 'QUEUE_FULL' }))
        record.keys.wipe()
        record.endedAt = env.now()
      }
      return jobView(record)
    },

    get(jobId) {
      return jobView(find(jobId))
    },

    result(jobId) {
      const record = find(jobId)
      if (!record.result) {
        throw new JobError('The job has no signed result.', {
          code: 'RESULT_NOT_READY',
          details: `state ${record.status.state}`,
        })
      }
      return resultView(record.result, record.keys.signer)
    },

    counts() {
      const byState: Record<string, number> = {}
      for (const record of records.values())
        byState[record.status.state] = (byState[record.status.state] ?? 0) + 1
      return { byState, running: queue.running, queued: queue.queued }
    },

    async shutdown() {
      shuttingDown = true
      clearInterval(sweeper)
      for (const record of records.values()) {
        if (record.startedAt === undefined) {
          record.keys.wipe()
          records.delete(record.jobId)
        } else if (!isEnded(record)) record.abort.abort('shutdown')
      }
      await queue.idle()
    },
  }
}
