import { isFinalJobState } from '@licen/sdk'
import type { JobRow } from '../../db/jobRow.js'
import { errorCode } from '../../errors.js'
import type { JobContext } from '../JobContext.js'
import { JobFailure } from '../JobFailure.js'
import { record, recordFinal } from './record.js'
import type { StepResult } from './StepResult.js'
import { verifiedFailure, verifiedResult } from './verifySigned.js'

/**
 * `running`: polls the provider. Finished → its signed result, checked, is recorded for settlement; Failed → its
 * signed failure report likewise. A provider unreachable (or without the job) for longer than the grace period
 * fails the job; so does a passed deadline.
 */
export async function trackJob(ctx: JobContext, row: JobRow): Promise<StepResult> {
  const job = await ctx.chain.readJob(row.jobId)
  if (isFinalJobState(job.stateName)) {
    return { row: await recordFinal(ctx, row, job.stateName) }
  }
  if (job.stateName !== 'Running') throw new Error(`job ${row.jobId} is ${job.stateName} while tracked`)
  if ((await ctx.chain.chainTime()) > job.deadline) throw new JobFailure('DEADLINE_PASSED')
  const endpoint = await ctx.chain.providerEndpoint(job.providerId)
  let view: Awaited<ReturnType<typeof ctx.providers.status>>
  try {
    view = await ctx.providers.status(endpoint, row.jobId)
  } catch (error) {
    const code = errorCode(error)
    const providerCode = (error as { providerCode?: string }).providerCode
    if (code !== 'PROVIDER_UNREACHABLE' && code !== 'PROVIDER_REFUSED' && code !== 'PROVIDER_BAD_RESPONSE')
      throw error
    const elapsed = await ctx.store.noteUnreachable(row, providerCode ?? code)
    if (elapsed > ctx.timing.providerGraceSeconds * 1000) {
      throw new JobFailure(
        providerCode === 'JOB_NOT_FOUND' ? 'PROVIDER_LOST' : 'PROVIDER_UNREACHABLE',
        providerCode ?? code,
      )
    }
    ctx.log.warn('provider did not answer', {
      jobId: String(row.jobId),
      stage: row.stage,
      code: providerCode ?? code,
    })
    // Held in memory between polls: carry the mark just recorded.
    return {
      row: { ...row, providerUnreachableSince: Date.now() - elapsed },
      waitMs: ctx.timing.trackIntervalMs,
    }
  }
  await ctx.store.noteReachable(row)
  if (view.status.state === 'Finished') {
    const settleCall = await verifiedResult(ctx, job, await ctx.providers.result(endpoint, row.jobId))
    return {
      row: await record(ctx, row, 'settling', { settleCall }, [
        {
          step: 'settle',
          phase: 'begin',
          detail: { fn: settleCall.fn, actualEpochs: (settleCall as { actualEpochs: number }).actualEpochs },
        },
      ]),
    }
  }
  if (view.status.state === 'Failed') {
    const settleCall = await verifiedFailure(ctx, job, view.failure)
    return {
      row: await record(ctx, row, 'settling', { settleCall }, [
        { step: 'settle', phase: 'begin', detail: { fn: settleCall.fn, code: view.failure?.code } },
      ]),
    }
  }
  return { row: { ...row, providerUnreachableSince: null }, waitMs: ctx.timing.trackIntervalMs }
}
