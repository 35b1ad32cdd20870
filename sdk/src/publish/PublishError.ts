import { BaseError } from '../errors.js'

/** Stable codes of publish pipeline failures (LCN1 and 0G root failures keep their own codes). */
export type PublishErrorCode =
  /** The caller's AbortSignal fired. */
  | 'PUBLISH_ABORTED'
  /** Storage answered with another root or size than the ciphertext that was encrypted. */
  | 'PUBLISH_ROOT_MISMATCH'
  /** The publisher address (the dataset owner the key envelope names) is not an address. */
  | 'PUBLISH_INVALID_PUBLISHER'
  /** The chain produced no block after the registration commitment before the deadline. */
  | 'PUBLISH_COMMIT_TIMEOUT'
  /** Another account's claim to the same dataset root is earlier: it keeps the dataset. */
  | 'PUBLISH_DATASET_CLAIMED'
  /** The publishing account registered this dataset root already. */
  | 'PUBLISH_ALREADY_REGISTERED'
  /** No release key was given and none can be verified. */
  | 'PUBLISH_RELEASE_KEY_MISSING'
  /** The orchestrator (or a config) serves another release key than the chain's attested current key. */
  | 'PUBLISH_RELEASE_KEY_MISMATCH'
  /** The release key (served, configured or attested) is not a compressed secp256k1 point: nobody holds it. */
  | 'PUBLISH_RELEASE_KEY_INVALID'

/** Error thrown by the publish pipeline itself. */
export class PublishError extends BaseError<PublishErrorCode> {
  override name = 'PublishError'
}
