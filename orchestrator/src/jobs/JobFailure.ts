import type { FailureCode } from './failureCodes.js'

/** Thrown by a step to end its job with `markJobFailed(code)` (a full refund); `detail` goes to the step log. */
export class JobFailure extends Error {
  override name = 'JobFailure'
  readonly code: FailureCode
  readonly detail: string | undefined

  constructor(code: FailureCode, detail?: string | undefined) {
    super(detail ? `${code}: ${detail}` : code)
    this.code = code
    this.detail = detail
  }
}
