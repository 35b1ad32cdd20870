import { encodeFailureReason, isFinalJobState } from '@licen/sdk'
import type { Hash } from 'viem'
import type { JobRow } from '../../db/jobRow.js'
import { errorCode } from '../../errors.js'
import { abandonUnpaid, isUnpaid } from '../abandonUnpaid.js'
import type { JobContext } from '../JobContext.js'
import { effectDone, record, recordFinal } from './record.js'
import type { StepResult } from './StepResult.js'

/** Records the decision to fail a job (`fail` begin) from whatever stage it is in. */
export function beginFailure(
  ctx: JobContext,
  row: JobRow,
  code: string,
  detail: string | undefined,
): Promise<JobRow> {
  ctx.log.warn('failing job', { jobId: String(row.jobId), stage: row.stage, code, detail })
  return record(ctx, row, 'failing', { failureCode: code }, [
    { step: 'fail', phase: 'begin', detail: { code, detail, from: row.stage } },
  ])
}

/**
 * `failing` → `done`: sends `markJobFailed(jobId, code)` (full refund) unless the chain already shows the job
 * final; a "wrong state" revert re-reads instead of sending again.
 */
export async function failJob(ctx: JobContext, row: JobRow): Promise<StepResult> {
  const code = row.failureCode
  if (code === null) throw new Error('failing row without a code')
  let tx: Hash | undefined
  for (let attempt = 0; ; attempt++) {
    const job = await ctx.chain.readJob(row.jobId)
    if (isFinalJobState(job.stateName)) {
      if (tx === undefined) return { row: await recordFinal(ctx, row, job.stateName) }
      effectDone(ctx, row, 'fail')
      ctx.metrics.failures.inc({ code })
      return {
        row: await record(ctx, row, 'done', { outcome: job.stateName }, [
          { step: 'fail', phase: 'end', detail: { tx, code } },
        ]),
      }
    }
    if (tx !== undefined) throw new Error(`job ${row.jobId} still open after markJobFailed was mined`)
    if (isUnpaid(job)) return abandonUnpaid(ctx, row, job)
    try {
      tx = await ctx.chain.write('markJobFailed', [row.jobId, encodeFailureReason(code)])
      ctx.metrics.transactions.inc({ fn: 'markJobFailed', outcome: 'mined' })
    } catch (error) {
      const revert = errorCode(error)
      ctx.metrics.transactions.inc({ fn: 'markJobFailed', outcome: revert })
      if (revert === 'DATA_POLICY_INVALID_JOB_STATE' && attempt === 0) continue
      throw error
    }
  }
}
