import { isFinalJobState } from '@licen/sdk'
import { type Hash, isAddressEqual } from 'viem'
import type { JobRow } from '../../db/jobRow.js'
import { errorCode } from '../../errors.js'
import type { JobContext } from '../JobContext.js'
import { JobFailure } from '../JobFailure.js'
import { effectDone, record, recordFinal } from './record.js'
import type { StepResult } from './StepResult.js'

/** Reverts of startJob that settle the question: the job must fail with this reason. */
const START_REVERTS: Record<string, ConstructorParameters<typeof JobFailure>[0]> = {
  DATA_POLICY_DATASET_INACTIVE: 'DATASET_DELISTED',
  DATA_POLICY_GRANTED_UNDER_FORMER_OWNER: 'DATASET_OWNER_REPLACED',
  DATA_POLICY_DEADLINE_PASSED: 'DEADLINE_PASSED',
  DATA_POLICY_ATTESTATION_POLICY_NOT_ALLOWED: 'POLICY_NOT_ALLOWED',
  DATA_POLICY_ATTESTATION_POLICY_MISMATCH: 'POLICY_NOT_ALLOWED',
}

/**
 * `starting` → `handing_over`: sends `startJob(jobId, signer, attestationRef, policyHash)` unless the chain
 * already shows it done (idempotent: a re-sent start after a crash, or a "wrong state" revert, re-reads first).
 * A job Running under another signer is left alone (`Conflict`): the key is never handed to a key the chain
 * did not bind.
 */
export async function startOnChain(ctx: JobContext, row: JobRow): Promise<StepResult> {
  const { signer, attestationRef, policyHash } = row
  if (signer === null || attestationRef === null || policyHash === null)
    throw new Error('starting row incomplete')
  let startTx: Hash | null = null
  for (let attempt = 0; ; attempt++) {
    const job = await ctx.chain.readJob(row.jobId)
    if (isFinalJobState(job.stateName)) {
      return { row: await recordFinal(ctx, row, job.stateName) }
    }
    if (job.stateName === 'Running') {
      if (
        isAddressEqual(job.enclaveSigner, signer) &&
        job.attestationRef.toLowerCase() === attestationRef.toLowerCase()
      ) {
        break
      }
      ctx.log.error('job started under another signer; leaving it alone', {
        jobId: String(row.jobId),
        onChain: job.enclaveSigner,
        attested: signer,
      })
      return {
        row: await ctx.store.transition(row, 'done', { outcome: 'Conflict' }, [
          { step: 'startJob', phase: 'error', detail: { enclaveSigner: job.enclaveSigner } },
        ]),
      }
    }
    if (job.stateName !== 'Granted') throw new Error(`job ${row.jobId} is ${job.stateName}`)
    if ((await ctx.chain.chainTime()) > job.deadline) throw new JobFailure('DEADLINE_PASSED')
    try {
      startTx = await ctx.chain.write('startJob', [row.jobId, signer, attestationRef, policyHash])
      ctx.metrics.transactions.inc({ fn: 'startJob', outcome: 'mined' })
      break
    } catch (error) {
      const code = errorCode(error)
      ctx.metrics.transactions.inc({ fn: 'startJob', outcome: code })
      const reason = START_REVERTS[code]
      if (reason) throw new JobFailure(reason, code)
      // Someone moved the job meanwhile (our own earlier send, mined late): read it again once.
      if (code === 'DATA_POLICY_INVALID_JOB_STATE' && attempt === 0) continue
      throw error
    }
  }
  effectDone(ctx, row, 'startJob')
  return {
    row: await record(ctx, row, 'handing_over', { startTx }, [
      { step: 'startJob', phase: 'end', detail: { tx: startTx } },
      { step: 'handover', phase: 'begin' },
    ]),
  }
}
