import { decodeFailureReason } from '@licen/sdk'
import type { Hex } from 'viem'
import type { JobStateName } from '../format/jobState.js'
import type { JobSummary } from './jobSummary.js'

/** One state change of a job: the state it entered, what happened in plain words, its block and the block's time. */
export type TimelineEntry = {
  state: JobStateName
  what: string
  block: bigint
  /** Unix seconds of the block; `undefined` until that block has been read. */
  time: number | undefined
}

/** The blocks whose times {@link jobTimeline} needs: one per state change, oldest first. */
export function timelineBlocks(summary: JobSummary): bigint[] {
  const blocks = [summary.grantedBlock]
  if (summary.started) blocks.push(summary.started.block)
  const closed = closingBlock(summary)
  if (closed !== undefined) blocks.push(closed)
  return blocks
}

/**
 * Every state change of a job, from its events (indexer row or chain logs), oldest first, each with the time of
 * the block it was mined in (from `times`, keyed by block number).
 */
export function jobTimeline(summary: JobSummary, times: ReadonlyMap<bigint, number>): TimelineEntry[] {
  const entry = (state: JobStateName, what: string, block: bigint): TimelineEntry => ({
    state,
    what,
    block,
    time: times.get(block),
  })
  const entries = [
    entry('Granted', 'Access granted; the escrow is held by the contract', summary.grantedBlock),
  ]
  if (summary.started)
    entries.push(
      entry('Running', 'Provider attested, dataset key released, training started', summary.started.block),
    )
  const { completed, failed, reclaimed } = summary
  if (completed)
    entries.push(
      entry(
        'Completed',
        `Settled: ${completed.actualEpochs} of ${summary.epochs} epochs paid, the rest refunded`,
        completed.block,
      ),
    )
  if (failed)
    entries.push(
      entry('Failed', `Failed (${failureCode(failed.reason)}); the full escrow refunded`, failed.block),
    )
  if (reclaimed)
    entries.push(
      entry('Reclaimed', 'Reclaimed after the deadline; the full escrow refunded', reclaimed.block),
    )
  return entries
}

/** A failure reason as its code; the raw bytes32 when it is not one. */
export function failureCode(reason: Hex): string {
  try {
    return decodeFailureReason(reason)
  } catch {
    return reason
  }
}

/** The block a job closed in (settled, failed or reclaimed); `undefined` while it is open. */
export function closingBlock(summary: JobSummary): bigint | undefined {
  return (summary.completed ?? summary.failed ?? summary.reclaimed)?.block
}

/** What a job list shows in its time column: when a closed job finished, else its deadline. */
export type JobTime =
  | { kind: 'finished'; block: bigint; time: number | undefined }
  | { kind: 'deadline'; time: number }

/** When a job finished (its closing block's time, once read), or its deadline while it is open. */
export function jobTime(summary: JobSummary, times: ReadonlyMap<bigint, number>): JobTime {
  const block = closingBlock(summary)
  return block === undefined
    ? { kind: 'deadline', time: summary.deadline }
    : { kind: 'finished', block, time: times.get(block) }
}
