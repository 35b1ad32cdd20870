import type { JobRow, JobStage } from '../db/jobRow.js'
import { classifyError } from './classifyError.js'
import type { JobContext } from './JobContext.js'
import { beginFailure, failJob } from './steps/failJob.js'
import { handOver } from './steps/handOver.js'
import { prepareRelease } from './steps/prepareRelease.js'
import type { StepResult } from './steps/StepResult.js'
import { settleJob } from './steps/settleJob.js'
import { startOnChain } from './steps/startOnChain.js'
import { storeEvidence } from './steps/storeEvidence.js'
import { trackJob } from './steps/trackJob.js'

/** The step that advances a row from each open stage, and its name in logs and error classification. */
const STEPS: Record<
  Exclude<JobStage, 'done'>,
  [string, (ctx: JobContext, row: JobRow) => Promise<StepResult>]
> = {
  discovered: ['attest', prepareRelease],
  attesting: ['attest', prepareRelease],
  attested: ['evidence', storeEvidence],
  starting: ['startJob', startOnChain],
  handing_over: ['handover', handOver],
  running: ['track', trackJob],
  settling: ['settle', settleJob],
  failing: ['fail', failJob],
}

/** What advancing a job came to. */
export type AdvanceOutcome =
  /** The job ended (final on chain, or left alone). */
  | { kind: 'done'; row: JobRow }
  /** The job waits: advance it again after `waitMs`, from `row`. */
  | { kind: 'wait'; waitMs: number; row: JobRow }
  /** Another instance took the job over. */
  | { kind: 'lost' }

/**
 * Advances a claimed job step by step until it is done, has to wait (a provider still training, a transient
 * error), or `shouldStop()` says to let go. Errors are classified: a `JobFailure` (or a transient error past
 * its grace period) records the failure and goes on to `markJobFailed`; other transient errors wait with backoff.
 */
export async function advanceJob(
  ctx: JobContext,
  claimed: JobRow,
  shouldStop: () => boolean,
): Promise<AdvanceOutcome> {
  let row = claimed
  for (;;) {
    if (row.stage === 'done') return { kind: 'done', row }
    if (shouldStop()) return { kind: 'wait', waitMs: 0, row }
    const [step, run] = STEPS[row.stage]
    const started = performance.now()
    try {
      const result = await run(ctx, row)
      ctx.log.info('step', {
        jobId: String(row.jobId),
        step,
        stage: result.row.stage,
        from: row.stage,
        durationMs: Math.round(performance.now() - started),
      })
      if (result.waitMs !== undefined) return { kind: 'wait', waitMs: result.waitMs, row: result.row }
      row = result.row
    } catch (error) {
      const handled = classifyError(error, step)
      if (handled.kind === 'lost') return { kind: 'lost' }
      try {
        // The step may have recorded progress before it threw: continue from the stored row.
        row = (await ctx.store.get(row.jobId)) ?? row
        if (handled.kind === 'fail' && row.stage !== 'failing') {
          row = await beginFailure(ctx, row, handled.code, handled.detail)
          continue
        }
        const code = handled.code
        ctx.metrics.retries.inc({ code })
        const elapsed = await ctx.store.noteRetry(row, `${step}: ${code}`)
        const graceCode = handled.kind === 'retry' ? handled.graceCode : undefined
        if (graceCode && row.stage !== 'failing' && elapsed > ctx.timing.providerGraceSeconds * 1000) {
          row = await beginFailure(ctx, row, graceCode, `${code} for ${Math.round(elapsed / 1000)} s`)
          continue
        }
        ctx.log.warn('step will be retried', {
          jobId: String(row.jobId),
          step,
          stage: row.stage,
          code,
          error: describe(error),
          durationMs: Math.round(performance.now() - started),
        })
        const delay = Math.min(ctx.timing.maxRetryDelayMs, Math.max(ctx.timing.retryDelayMs, elapsed))
        return { kind: 'wait', waitMs: delay, row }
      } catch (inner) {
        if (classifyError(inner, step).kind === 'lost') return { kind: 'lost' }
        throw inner
      }
    }
  }
}

/** A short, secret-free description of an error for logs (our errors never carry keys or plaintext). */
function describe(error: unknown): string {
  const e = error as { shortMessage?: unknown; message?: unknown; details?: unknown }
  const text = [e.shortMessage ?? e.message, e.details].filter((part) => typeof part === 'string').join(' — ')
  return text.slice(0, 300)
}
