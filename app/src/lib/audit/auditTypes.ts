import type { ReleaseKeyAuditGroup } from '../releaseKey/releaseKeyText.js'
/**
 * One audit step: passed, failed, skipped (an earlier step it needs failed) or not checkable here (with the reason
 * and what to do instead).
 */
export type AuditStep = {
  id: string
  title: string
  status: 'pass' | 'fail' | 'skipped' | 'unavailable'
  detail: string
}

/** A value read from the attestation evidence, shown beside the steps. */
export type AuditValue = { label: string; value: string }

/** What the quote measured: authentic when `verified`; the anchor judged against and the measurement set matched. */
export type AuditMeasured = {
  verified: boolean
  values: AuditValue[]
  trustAnchor: 'intel' | 'dev-mock'
  measurementName: string | undefined
}

/** The job as the audit found it on chain: its state, escrow and, once closed, the refund and failure. */
export type AuditedJob = {
  state: 'Granted' | 'Running' | 'Completed' | 'Failed' | 'Reclaimed'
  escrow: bigint
  /** Credited back to the requester (Completed: unused epochs; Failed and Reclaimed: the whole escrow). */
  refund?: bigint | undefined
  /** Failure code (Failed) and whether the enclave signed it. */
  failure?: { code: string; byEnclave: boolean } | undefined
}

/** What auditing a job found: every step, and the values the quote measured (authentic when `verified`). */
export type AuditReport = {
  steps: AuditStep[]
  measured?: AuditMeasured | undefined
  /** Absent when the job is not on chain. */
  job?: AuditedJob | undefined
  /** The release key that opened the job's dataset (#13): its own group; absent when the job never started. */
  releaseKey?: ReleaseKeyAuditGroup | undefined
}
