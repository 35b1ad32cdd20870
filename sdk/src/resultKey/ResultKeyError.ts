import { BaseError } from '../errors.js'

/** Stable codes of wallet-derived key (result key, dataset owner key) failures. */
export type ResultKeyErrorCode =
  /** The signature is malformed or does not recover to the account it is said to come from. */
  | 'RESULT_KEY_BAD_SIGNATURE'
  /** The wallet refused or failed to sign. */
  | 'RESULT_KEY_SIGNING_FAILED'
  /** A public key is not a 33-byte compressed secp256k1 key. */
  | 'RESULT_KEY_INVALID_PUBLIC_KEY'
  /** The dataset-owner-key signature is malformed or does not recover to the account it is said to come from. */
  | 'OWNER_KEY_BAD_SIGNATURE'
  /** The wallet refused or failed to sign the dataset-owner-key message. */
  | 'OWNER_KEY_SIGNING_FAILED'

/** Error thrown while deriving or checking a wallet-derived key (result key or dataset owner key). */
export class ResultKeyError extends BaseError<ResultKeyErrorCode> {
  override name = 'ResultKeyError'
}
