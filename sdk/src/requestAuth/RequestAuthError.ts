import { BaseError } from '../errors.js'

/** Stable codes of every request-authentication failure; each names one cause. */
export type RequestAuthErrorCode =
  /** A method, path, timestamp or account argument is out of range (a caller bug, not a bad request). */
  | 'REQUEST_AUTH_INVALID_ARGUMENT'
  /** One of the three `x-licen-*` headers is absent. */
  | 'REQUEST_AUTH_MISSING'
  /** A header is present but not in its format (address, decimal timestamp, 65-byte hex signature). */
  | 'REQUEST_AUTH_MALFORMED'
  /** The timestamp is further from the verifier's clock than the allowed skew. */
  | 'REQUEST_AUTH_EXPIRED'
  /** The signature does not recover to the claimed address (or is not a canonical low-s signature). */
  | 'REQUEST_AUTH_BAD_SIGNATURE'
  /** The signer does not hold the orchestrator role. */
  | 'REQUEST_AUTH_NOT_ORCHESTRATOR'
  /** The orchestrator role could not be checked (e.g. the chain is unreachable): refused, fail closed. */
  | 'REQUEST_AUTH_UNAVAILABLE'
  /** The same signed request was already accepted once. */
  | 'REQUEST_AUTH_REPLAYED'
  /** The replay guard is full of unexpired entries: refused rather than forgetting one. */
  | 'REQUEST_AUTH_BUSY'

/** Error thrown by the request signing and verification functions. */
export class RequestAuthError extends BaseError<RequestAuthErrorCode> {
  override name = 'RequestAuthError'
}
