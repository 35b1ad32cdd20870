import { zgRoot } from '@licen/sdk'
import { bindingReportData } from '../../src/job/bindingReportData.js'
import type { JobSources, JobStartRecord } from '../../src/job/verifyJob.js'

/** A started job as the browser suite sees it: the chain record and the stored evidence bytes (text). */
export type JobCase = {
  jobId: string
  /** The chain the job is audited on (the evidence must bind it). */
  chain: JobSources['chain']
  record: JobStartRecord
  evidence: string
  policy: string
}

/**
 * In-memory `verifyJob` sources over one stored evidence object, with the real 0G root and report_data binding of
 * @licen/sdk (no workers: the same code path in Node and in the browser).
 */
export function jobSources(job: JobCase, evidence = new TextEncoder().encode(job.evidence)): JobSources {
  return {
    chain: job.chain,
    readJobStart: async (id) => (id === BigInt(job.jobId) ? job.record : undefined),
    readEvidence: async (ref) => (ref === job.record.attestationRef ? evidence : undefined),
    storageRoot: async (bytes) => (await zgRoot(bytes, { workers: 0 })).root,
    readPolicy: async (hash) => (hash === job.record.policyHash ? JSON.parse(job.policy) : undefined),
    reportData: bindingReportData,
  }
}
