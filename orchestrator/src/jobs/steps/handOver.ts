import { isFinalJobState } from '@licen/sdk'
import { isAddressEqual } from 'viem'
import type { JobRow } from '../../db/jobRow.js'
import { errorCode } from '../../errors.js'
import type { JobContext } from '../JobContext.js'
import { JobFailure } from '../JobFailure.js'
import { effectDone, record, recordFinal } from './record.js'
import type { StepResult } from './StepResult.js'
import { verifiedFailure } from './verifySigned.js'

/** Provider answers meaning it no longer holds the job's keys (it restarted): the job can never run. */
const LOST = new Set(['JOB_NOT_ATTESTED', 'JOB_NOT_FOUND'])
/** Provider refusals of the start that no retry will change. */
const REFUSED = new Set(['INVALID_REQUEST', 'INVALID_JOB_ID', 'BODY_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'])

/**
 * `handing_over` → `running`: checks the chain still binds the attested signer, then posts the sealed key to
 * the job's provider (idempotent: "already started" counts as delivered). A start the provider refuses with a
 * signed failure goes straight to settlement; a started job is first polled one tracking interval later.
 */
export async function handOver(ctx: JobContext, row: JobRow): Promise<StepResult> {
  const { signer, sealedKey, resultPubKey } = row
  if (signer === null || sealedKey === null || resultPubKey === null)
    throw new Error('handing_over row incomplete')
  const job = await ctx.chain.readJob(row.jobId)
  if (isFinalJobState(job.stateName)) {
    return { row: await recordFinal(ctx, row, job.stateName) }
  }
  if (job.stateName !== 'Running' || !isAddressEqual(job.enclaveSigner, signer)) {
    throw new Error(`job ${row.jobId} is not Running under the attested signer`)
  }
  const endpoint = await ctx.chain.providerEndpoint(job.providerId)
  let outcome: Awaited<ReturnType<typeof ctx.providers.start>>
  try {
    outcome = await ctx.providers.start(endpoint, row.jobId, {
      sealedKey,
      spec: { datasetRoot: job.datasetRoot, epochs: job.epochs, resultPubKey },
    })
  } catch (error) {
    const providerCode = (error as { providerCode?: string }).providerCode
    if (errorCode(error) === 'PROVIDER_REFUSED' && providerCode !== undefined) {
      if (LOST.has(providerCode)) throw new JobFailure('PROVIDER_LOST', providerCode)
      if (REFUSED.has(providerCode)) throw new JobFailure('START_REFUSED', providerCode)
    }
    throw error
  }
  effectDone(ctx, row, 'handover')
  if (outcome.kind === 'failed') {
    const settleCall = await verifiedFailure(ctx, job, outcome.failure)
    return {
      row: await record(ctx, row, 'settling', { settleCall }, [
        { step: 'handover', phase: 'end', detail: { refused: outcome.failure.code } },
        { step: 'settle', phase: 'begin', detail: { fn: settleCall.fn, code: outcome.failure.code } },
      ]),
    }
  }
  const running = await record(
    ctx,
    row,
    'running',
    {},
    [{ step: 'handover', phase: 'end', detail: { already: outcome.already } }],
    {
      running: true,
    },
  )
  if (running.runningAt !== null) {
    ctx.metrics.releaseLatency.observe(Math.max(0, running.runningAt - running.discoveredAt) / 1000)
  }
  // The provider has only just received its key: first poll after one tracking interval, which also frees this
  // slot for the next key release (latency-bound) rather than spending it on tracking and settlement.
  return { row: running, waitMs: ctx.timing.trackIntervalMs }
}
