import { BaseError } from '@licen/errors'
import type { FailureCode } from './failureCodes.js'

/**
 * Thrown by a step to end its job with `markJobFailed(code)` (a full refund); `detail` goes to the step log.
 * A control-flow failure, but a LICEN error like any other: its `code` is the failure code, its message
 * `CODE: detail`.
 */
export class JobFailure extends BaseError<FailureCode> {
  override name = 'JobFailure'
  readonly detail: string | undefined

  constructor(code: FailureCode, detail?: string | undefined) {
    super(detail ? `${code}: ${detail}` : code, { code })
    this.detail = detail
  }
}
