import { BaseError } from '../errors.js'

/** Stable codes of {@link resealDataset} refusals (chain, storage, manifest and attestation errors keep their own). */
export type ResealErrorCode =
  /** The calling account (or the owner-key signer) is not the dataset's owner on chain. */
  | 'RESEAL_NOT_OWNER'
  /** The dataset's manifest has no owner envelope (published before it existed, or without an owner-key signer). */
  | 'RESEAL_NO_OWNER_ENVELOPE'
  /** The owner envelope does not open with the key this wallet derives (another wallet sealed it, or it was modified). */
  | 'RESEAL_OWNER_ENVELOPE_UNOPENABLE'
  /** The dataset key is already sealed to the chain's current release key. */
  | 'RESEAL_KEY_ALREADY_CURRENT'
  /** The manifest was not read from storage before the deadline. */
  | 'RESEAL_MANIFEST_TIMEOUT'
  /** The manifest the chain names describes another dataset root. */
  | 'RESEAL_MANIFEST_MISMATCH'

/** Error thrown by {@link resealDataset}; never carries key material. */
export class ResealError extends BaseError<ResealErrorCode> {
  override name = 'ResealError'
}
