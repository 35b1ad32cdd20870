import { encodeFailureReason, signFailureReport, signResultManifest } from '@licen/sdk'
import type { Hex } from 'viem'
import type { EpochResult, TrainResult } from '../trainer/Trainer.js'
import { failureCode } from './failureCode.js'
import type { JobEnvironment } from './JobEnvironment.js'
import { JobError } from './JobError.js'
import type { JobRecord } from './JobRecord.js'
import { createReceiptChain } from './pipeline/createReceiptChain.js'
import { deliverResult } from './pipeline/deliverResult.js'
import { openDataset } from './pipeline/openDataset.js'

/** What a started job trains on and delivers to, all checked against the chain before it runs. */
export type JobSpec = {
  datasetRoot: Hex
  epochs: number
  resultPubKey: Hex
  /** From chain (`JobStarted`). */
  attestationRef: Hex
  /** Unix seconds, from chain. */
  deadline: number
}

/**
 * Runs one started job to its end: download, root check, decrypt, validate, train (one signed receipt per epoch),
 * wipe, deliver the encrypted adapter and sign the result manifest. Never throws: every failure ends the job with
 * a signed FailureReport carrying a stable code. Key material is wiped when it returns.
 */
export async function runJob(
  env: JobEnvironment,
  record: JobRecord,
  spec: JobSpec,
  datasetKey: Uint8Array,
): Promise<void> {
  const started = env.now()
  const jobId = record.jobId.toString()
  const signal = record.abort.signal
  let datasetFailure: () => unknown = () => undefined
  try {
    record.status = { state: 'SettingUp', queued: false }
    env.log.info('job setting up', { jobId, stage: 'SettingUp' })
    const budgetMs = Math.min(
      env.limits.maxTrainingSeconds * 1000,
      (spec.deadline - env.limits.deliveryMarginSeconds) * 1000 - env.now(),
    )
    if (budgetMs <= 0) {
      throw new JobError('The job deadline leaves no time to train.', { code: 'DEADLINE_TOO_CLOSE' })
    }
    const dataset = await openDataset({
      storage: env.storage,
      datasetRoot: spec.datasetRoot,
      key: datasetKey,
      maxBytes: env.limits.maxDatasetBytes,
      readOptions: env.limits.readOptions,
      signal,
    })
    datasetFailure = dataset.failure
    const receipts = createReceiptChain({
      domain: env.domain,
      jobId: record.jobId,
      account: record.keys.account,
      onReceipt: (signed) => record.receipts.push(signed),
    })
    const onEpoch = (result: EpochResult) => {
      receipts.add(result)
      env.metrics.epochs.inc()
      env.metrics.tokensPerSecond.set(result.tokensPerSecond)
      env.metrics.epochSeconds.observe(result.seconds)
      env.log.info('epoch finished', {
        jobId,
        stage: 'Training',
        epoch: result.epoch,
        loss: result.meanLoss,
        seconds: result.seconds,
        tokensPerSecond: Math.round(result.tokensPerSecond),
      })
    }
    let trained: TrainResult
    try {
      trained = await env.trainer.train({
        examples: dataset.examples,
        baseModel: env.baseModel,
        hyperparameters: env.hyperparameters,
        epochs: spec.epochs,
        timeBudgetMs: budgetMs,
        signal,
        onProgress(event) {
          if (event.type === 'start') {
            record.status = { state: 'Training', epoch: 1, step: 0, totalSteps: 0, loss: null }
            env.log.info('training', { jobId, stage: 'Training', examples: event.examples })
          } else if (event.type === 'step') {
            record.status = {
              state: 'Training',
              epoch: event.epoch,
              step: event.step,
              totalSteps: event.totalSteps,
              loss: event.loss,
            }
          } else onEpoch(event.result)
        },
      })
    } finally {
      const report = dataset.report()
      record.dataset = {
        bytes: report.bytes,
        validExamples: report.validExamples,
        invalidLines: report.invalidLines,
        invalidByReason: { ...report.invalidByReason },
      }
      env.metrics.datasetBytes.inc({}, report.bytes)
    }
    // The trainer read the whole stream before its first step; a stage below it may have failed first.
    const cause = datasetFailure()
    if (cause !== undefined) throw cause
    if (trained.stopReason === 'aborted') throw abortError(signal)
    await receipts.settled()
    const last = record.receipts.at(-1)
    if (!trained.adapter || !last) {
      throw new JobError('No epoch finished within the time budget.', { code: 'TRAINING_TIMEOUT' })
    }
    // Plaintext is gone with the example stream (chunks zeroed as read); nothing else needs the adapter bytes.
    record.status = { state: 'Delivering' }
    env.log.info('delivering', { jobId, stage: 'Delivering', epochs: record.receipts.length })
    const { resultRoot, size } = await deliverResult({
      storage: env.storage,
      adapter: trained.adapter,
      // Final: the trainer returned and every queued receipt is signed (settled above).
      receipts: [...record.receipts],
      chainId: env.chainId,
      contract: env.dataPolicy,
      jobId: record.jobId,
      resultPubKey: spec.resultPubKey,
      signal,
    })
    record.status = { state: 'Delivered', resultRoot }
    const manifest = {
      jobId: record.jobId,
      datasetRoot: spec.datasetRoot,
      resultRoot,
      codeHash: env.codeHash,
      attestationRef: spec.attestationRef,
      actualEpochs: record.receipts.length,
      receiptsHead: receipts.head(),
    }
    const signature = await signResultManifest({ signer: record.keys.account, domain: env.domain, manifest })
    record.result = { manifest, signature }
    record.status = { state: 'Finished' }
    env.metrics.jobsEnded.inc({ outcome: 'finished' })
    env.log.info('job finished', {
      jobId,
      stage: 'Finished',
      resultRoot,
      resultBytes: size,
      actualEpochs: manifest.actualEpochs,
      seconds: (env.now() - started) / 1000,
    })
  } catch (error) {
    // An abort surfaces as whatever stage noticed it first; report it as the abort it is.
    const cause = signal.aborted ? abortError(signal) : (datasetFailure() ?? error)
    await failJob(env, record, cause)
  } finally {
    record.keys.wipe()
    datasetKey.fill(0)
    record.endedAt = env.now()
    env.metrics.jobSeconds.observe((record.endedAt - started) / 1000)
  }
}

function abortError(signal: AbortSignal): JobError {
  return signal.reason === 'shutdown'
    ? new JobError('The provider node shut down while the job ran.', { code: 'PROVIDER_SHUTDOWN' })
    : new JobError('The job was aborted.', { code: 'JOB_ABORTED' })
}

/** Ends a job with a signed FailureReport for `error`'s stable code. */
export async function failJob(env: JobEnvironment, record: JobRecord, error: unknown): Promise<void> {
  const code = failureCode(error)
  const jobId = record.jobId.toString()
  if (code === 'INTERNAL_ERROR') {
    // The message of an unexpected error may quote anything; log only its class.
    env.log.error('job failed unexpectedly', {
      jobId,
      error: error instanceof Error ? error.name : typeof error,
    })
  }
  const reason = encodeFailureReason(code)
  try {
    const signature = await signFailureReport({
      signer: record.keys.account,
      domain: env.domain,
      report: { jobId: record.jobId, reason },
    })
    record.failure = { code, reason, signature }
    // The signed report is public; logging it lets an operator submit it even if no one fetched it in time.
    env.log.warn('job failed', { jobId, stage: 'Failed', code, reason, signature })
  } catch (signError) {
    env.log.error('failure report not signed', { jobId, code, error: (signError as Error).name })
  }
  record.status = { state: 'Failed', code }
  env.metrics.jobsEnded.inc({ outcome: 'failed' })
  env.metrics.failures.inc({ code })
}
