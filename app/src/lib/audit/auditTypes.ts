/** One audit step: passed, failed, or not checkable here (with the reason and what to do instead). */
export type AuditStep = {
  id: string
  title: string
  status: 'pass' | 'fail' | 'unavailable'
  detail: string
}
