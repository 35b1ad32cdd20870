import type { FinalJobStateName } from '@licen/sdk'
import type { JobPatch, JobRow, JobStage } from '../../db/jobRow.js'
import type { StepEvent, TransitionOptions } from '../../db/jobStore.js'
import type { JobContext, StepName } from '../JobContext.js'

/** One logged step boundary. */
export type Boundary = {
  step: StepName
  phase: 'begin' | 'end'
  detail?: Record<string, unknown> | undefined
}

/**
 * Records a stage change with its step-log entries (one statement), then reports each boundary to `onStep`. A
 * step's `begin` is recorded before its side effect runs and its `end` after, so a restart knows which happened.
 */
export async function record(
  ctx: JobContext,
  row: JobRow,
  to: JobStage,
  patch: JobPatch,
  boundaries: readonly Boundary[],
  options?: TransitionOptions,
): Promise<JobRow> {
  const events: StepEvent[] = boundaries.map((b) => ({ step: b.step, phase: b.phase, detail: b.detail }))
  const next = await ctx.store.transition(row, to, patch, events, options)
  for (const b of boundaries) {
    ctx.log.debug(`${b.step} ${b.phase}`, {
      jobId: String(row.jobId),
      stage: to,
      step: b.step,
      phase: b.phase,
    })
    ctx.onStep?.({ jobId: row.jobId, step: b.step, phase: b.phase })
  }
  return next
}

/** Marks the moment right after a side effect, before its `end` is recorded (the riskiest place to die). */
export function effectDone(ctx: JobContext, row: JobRow, step: StepName): void {
  ctx.onStep?.({ jobId: row.jobId, step, phase: 'effect' })
}

/** Records the end of a job whose chain state is final (settled by anyone, reclaimed, or failed). */
export function recordFinal(ctx: JobContext, row: JobRow, state: FinalJobStateName): Promise<JobRow> {
  ctx.log.info('job final on chain', { jobId: String(row.jobId), stage: row.stage, state })
  return ctx.store.transition(row, 'done', { outcome: state }, [
    { step: 'observe', phase: 'end', detail: { state, from: row.stage } },
  ])
}
