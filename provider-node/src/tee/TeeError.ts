import { BaseError } from '../errors.js'

/** Stable codes of failures talking to the TEE (dstack guest agent). */
export type TeeErrorCode =
  /** The guest agent did not answer, or answered with an error. */
  | 'TEE_UNAVAILABLE'
  /** The guest agent's answer is not in the expected shape or exceeds its size bounds. */
  | 'TEE_BAD_RESPONSE'
  /** The report data to quote is not exactly 64 bytes. */
  | 'TEE_INVALID_ARGUMENT'

/** Error thrown by the TEE client. */
export class TeeError extends BaseError<TeeErrorCode> {
  override name = 'TeeError'
}
