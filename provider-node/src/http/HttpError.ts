import { BaseError } from '../errors.js'

/** Stable codes of requests refused by the HTTP layer itself. */
export type HttpErrorCode =
  /** The body is not the JSON the route expects (schema, sizes, formats). */
  | 'INVALID_REQUEST'
  /** The job id in the path is not a decimal uint256. */
  | 'INVALID_JOB_ID'
  /** The body exceeds the route's limit. */
  | 'BODY_TOO_LARGE'
  /** A body that is not `application/json`. */
  | 'UNSUPPORTED_MEDIA_TYPE'
  /** No route here. */
  | 'NOT_FOUND'

/** Error of the HTTP layer. */
export class HttpError extends BaseError<HttpErrorCode> {
  override name = 'HttpError'
}
