import { BaseError } from '../errors.js'

/** Stable codes of report-data binding failures. */
export type AttestationBindingErrorCode = 'REPORT_DATA_INVALID_ARGUMENT'

/** Error thrown when a report-data input does not have its fixed size or range. */
export class AttestationBindingError extends BaseError<AttestationBindingErrorCode> {
  override name = 'AttestationBindingError'
}
