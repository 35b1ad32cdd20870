import { BaseError } from '../errors.js'

/** Stable codes of job-key failures. */
export type KeysErrorCode =
  /** The job's keys were already wiped (the job ended); nothing can be decrypted or signed any more. */
  | 'KEYS_WIPED'
  /** A signing request the per-job key refuses (it signs only EIP-191 messages and EIP-712 data). */
  | 'KEYS_UNSUPPORTED'

/** Error thrown by the per-job key holder. */
export class KeysError extends BaseError<KeysErrorCode> {
  override name = 'KeysError'
}
