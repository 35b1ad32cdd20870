import type { DcapWasmSource } from '../dcap/wasmSource.js'
import type { Verdict } from '../verify/verdict.js'
import { type JobSources, verifyJob } from './verifyJob.js'
import {
  type JobReleaseKeyAudit,
  type JobReleaseKeySources,
  verifyJobReleaseKey,
} from './verifyJobReleaseKey.js'

/** What a full job audit reads: the job's attestation sources and the sources of its dataset's release key. */
export type JobAuditSources = JobSources & JobReleaseKeySources

/** A job audit: the provider's attestation and the release key that opened the dataset, each its own group. */
export type JobAudit = {
  /** True only when the attestation verdict is ok and the release key verifies. */
  ok: boolean
  jobId: bigint
  attestation: Verdict
  releaseKey: JobReleaseKeyAudit
}

/**
 * The audit `licen-attest job` and the app's audit page run: `verifyJob` (the provider's stored evidence against
 * the chain; throws `JOB_EVIDENCE_INVALID` / `POLICY_ROLE_MISMATCH` as it does) and `verifyJobReleaseKey` (the
 * release key the job's dataset was sealed to, as its own check group). In a browser, pass `dcapWasm`.
 */
export async function auditJob(
  jobId: bigint,
  sources: JobAuditSources,
  options: {
    devMockRootCa?: Uint8Array | undefined
    dcapWasm?: DcapWasmSource | undefined
    now?: number | undefined
    timeoutMs?: number | undefined
  } = {},
): Promise<JobAudit> {
  const attestation = await verifyJob(jobId, sources, {
    devMockRootCa: options.devMockRootCa,
    dcapWasm: options.dcapWasm,
  })
  const releaseKey = await verifyJobReleaseKey(jobId, sources, options)
  return { ok: attestation.ok && releaseKey.ok, jobId, attestation, releaseKey }
}
