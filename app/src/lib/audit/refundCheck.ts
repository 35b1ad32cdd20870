import { formatAmount } from '../format/amount.js'
import type { JobSummary } from '../jobs/jobSummary.js'
import { failureCode } from '../jobs/jobTimeline.js'
import type { AuditedJob, AuditStep } from './auditTypes.js'

/** The job's state, escrow and outcome as the audit reports them. */
export function auditedJob(job: JobSummary): AuditedJob {
  const closed = job.completed ?? job.failed ?? job.reclaimed
  return {
    state: job.state === 'None' ? 'Granted' : job.state,
    escrow: job.escrow,
    refund: closed?.refund,
    failure: job.failed
      ? { code: failureCode(job.failed.reason), byEnclave: job.failed.byEnclave }
      : undefined,
  }
}

/** For a failed or reclaimed job: the whole escrow must have been credited back (nobody is paid). */
export function refundStep(job: JobSummary, symbol: string): AuditStep | undefined {
  const closed = job.failed ?? job.reclaimed
  if (!closed) return undefined
  const full = closed.refund === job.escrow
  return {
    id: 'refund',
    title: 'The full escrow was refunded to the requester',
    status: full ? 'pass' : 'fail',
    detail: `refund ${formatAmount(closed.refund, symbol)} ${full ? '=' : '≠'} escrow ${formatAmount(job.escrow, symbol)} (${job.state}${job.failed ? `: ${failureCode(job.failed.reason)}` : ''})`,
  }
}
