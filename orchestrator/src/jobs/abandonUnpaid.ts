import type { DataPolicyJob } from '@licen/sdk'
import type { JobRow } from '../db/jobRow.js'
import type { JobContext } from './JobContext.js'
import { record } from './steps/record.js'
import type { StepResult } from './steps/StepResult.js'

/** What a job escrowed: `epochs × (royalty + provider price)` per epoch (the protocol fee is taken out of it). */
export function escrowOf(job: Pick<DataPolicyJob, 'epochs' | 'royaltyPerEpoch' | 'pricePerEpoch'>): bigint {
  return BigInt(job.epochs) * (job.royaltyPerEpoch + job.pricePerEpoch)
}

/** Whether a job escrowed nothing (no royalty, no provider price): failing it on chain would refund nothing. */
export function isUnpaid(job: Pick<DataPolicyJob, 'epochs' | 'royaltyPerEpoch' | 'pricePerEpoch'>): boolean {
  return escrowOf(job) === 0n
}

/**
 * Ends, without a transaction, a job the orchestrator would fail although it escrowed nothing: `markJobFailed`
 * would refund nothing and only cost the orchestrator gas (free datasets and a price-0 provider make such jobs
 * free to flood the queue with). The job is left open on chain to expire at its deadline (its requester can
 * reclaim it) and ends here as `Abandoned`, with the failure code it would have had in the step log.
 */
export async function abandonUnpaid(ctx: JobContext, row: JobRow, job: DataPolicyJob): Promise<StepResult> {
  const detail = {
    code: row.failureCode,
    abandoned: true,
    escrow: '0',
    state: job.stateName,
    reason: 'zero escrow: left open on chain to expire; no markJobFailed sent',
  }
  ctx.log.warn('zero-escrow job abandoned instead of failed on chain', {
    jobId: String(row.jobId),
    stage: row.stage,
    code: row.failureCode,
    state: job.stateName,
  })
  return {
    row: await record(ctx, row, 'done', { outcome: 'Abandoned' }, [{ step: 'fail', phase: 'end', detail }]),
  }
}
