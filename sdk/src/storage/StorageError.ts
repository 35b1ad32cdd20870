import { BaseError } from '../errors.js'

/** Stable codes of storage adapter failures. */
export type StorageErrorCode =
  /** A root argument is not 0x + 64 hex digits. */
  | 'STORAGE_INVALID_ROOT'
  /** The store has no object with this root. */
  | 'STORAGE_NOT_FOUND'
  /** Downloaded bytes do not hash to the requested root, or the store named another root for an upload. */
  | 'STORAGE_ROOT_MISMATCH'
  /** The download ended with a size other than the one announced. */
  | 'STORAGE_SIZE_MISMATCH'
  /** The object or upload exceeds the configured limit. */
  | 'STORAGE_TOO_LARGE'
  /** The store's total quota leaves no room for the upload. */
  | 'STORAGE_QUOTA_EXCEEDED'
  /** The store refused the upload token (missing or wrong). */
  | 'STORAGE_UNAUTHORIZED'
  /** The store is running as many uploads as it allows; retry shortly. */
  | 'STORAGE_BUSY'
  /** An upload of zero bytes. */
  | 'STORAGE_EMPTY'
  /** The store answered with an unexpected status or body. */
  | 'STORAGE_BAD_RESPONSE'
  /** The store could not be reached or the connection broke. */
  | 'STORAGE_UNAVAILABLE'
  /** No answer within the configured time. */
  | 'STORAGE_TIMEOUT'
  /** The caller's AbortSignal fired. */
  | 'STORAGE_ABORTED'
  /** The 0G network refused or failed a step (fee, submission, upload). */
  | 'STORAGE_ZEROG_FAILED'

/** Error thrown (or used to error a stream) by the storage adapters. */
export class StorageError extends BaseError<StorageErrorCode> {
  override name = 'StorageError'
}
