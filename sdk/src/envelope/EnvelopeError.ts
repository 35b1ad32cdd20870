import { BaseError } from '../errors.js'

/** Stable codes of every key-envelope failure. */
export type EnvelopeErrorCode =
  /** A seal/open argument is malformed (key length, public key not on secp256k1, context value format). */
  | 'ENVELOPE_INVALID_ARGUMENT'
  /** The envelope is shorter or longer than any envelope this code writes. */
  | 'ENVELOPE_MALFORMED'
  /** ECIES decryption failed: the envelope was sealed to another key or modified. */
  | 'ENVELOPE_DECRYPT_FAILED'
  /** The payload decrypted but is not the canonical JSON this code writes. */
  | 'ENVELOPE_PAYLOAD_INVALID'
  /** The payload belongs to another kind of envelope (its domain tag differs). */
  | 'ENVELOPE_DOMAIN_MISMATCH'
  /** The payload is bound to another context (dataset root, chain, contract or job). */
  | 'ENVELOPE_CONTEXT_MISMATCH'
  /** A dataset-key envelope names another owner than the account the dataset is registered to. */
  | 'ENVELOPE_OWNER_MISMATCH'

/** Error thrown by the key-envelope functions; never carries key material. */
export class EnvelopeError extends BaseError<EnvelopeErrorCode> {
  override name = 'EnvelopeError'
}
