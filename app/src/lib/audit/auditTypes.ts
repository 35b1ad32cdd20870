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

/** What auditing a job found: every step, and the values the quote measured (authentic when `verified`). */
export type AuditReport = {
  steps: AuditStep[]
  measured?: { verified: boolean; values: AuditValue[] } | undefined
}
