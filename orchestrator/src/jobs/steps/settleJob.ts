import { isFinalJobState } from '@licen/sdk'
import type { Hash } from 'viem'
import type { JobRow } from '../../db/jobRow.js'
import { errorCode } from '../../errors.js'
import type { JobContext } from '../JobContext.js'
import { JobFailure } from '../JobFailure.js'
import { effectDone, record, recordFinal } from './record.js'
import type { StepResult } from './StepResult.js'

/**
 * `settling` → `done`: submits the recorded enclave-signed settlement (result manifest or failure report) unless
 * the chain already shows the job final; a "wrong state" revert re-reads instead of sending again.
 */
export async function settleJob(ctx: JobContext, row: JobRow): Promise<StepResult> {
  const call = row.settleCall
  if (call === null) throw new Error('settling row without its settlement')
  let tx: Hash | undefined
  for (let attempt = 0; ; attempt++) {
    const job = await ctx.chain.readJob(row.jobId)
    if (isFinalJobState(job.stateName)) {
      if (tx === undefined) return { row: await recordFinal(ctx, row, job.stateName) }
      effectDone(ctx, row, 'settle')
      return {
        row: await record(ctx, row, 'done', { outcome: job.stateName, settleTx: tx }, [
          { step: 'settle', phase: 'end', detail: { tx, state: job.stateName } },
        ]),
      }
    }
    if (job.stateName !== 'Running') throw new Error(`job ${row.jobId} is ${job.stateName} while settling`)
    if (tx !== undefined) throw new Error(`job ${row.jobId} still Running after its settlement was mined`)
    if ((await ctx.chain.chainTime()) > job.deadline) throw new JobFailure('DEADLINE_PASSED')
    try {
      tx =
        call.fn === 'confirmTrainingComplete'
          ? await ctx.chain.write('confirmTrainingComplete', [
              row.jobId,
              call.actualEpochs,
              call.resultRoot,
              call.receiptsHead,
              call.codeHash,
              call.signature,
            ])
          : await ctx.chain.write('reportJobFailure', [row.jobId, call.reason, call.signature])
      ctx.metrics.transactions.inc({ fn: call.fn, outcome: 'mined' })
      ctx.metrics.settlements.inc({ kind: call.fn })
    } catch (error) {
      const code = errorCode(error)
      ctx.metrics.transactions.inc({ fn: call.fn, outcome: code })
      if (code === 'DATA_POLICY_INVALID_JOB_STATE' && attempt === 0) continue
      if (code === 'DATA_POLICY_DEADLINE_PASSED') throw new JobFailure('DEADLINE_PASSED', code)
      if (code === 'DATA_POLICY_INVALID_SIGNATURE' || code === 'DATA_POLICY_TOO_MANY_EPOCHS') {
        throw new JobFailure(
          call.fn === 'confirmTrainingComplete' ? 'RESULT_INVALID' : 'FAILURE_REPORT_INVALID',
          code,
        )
      }
      throw error
    }
  }
}
