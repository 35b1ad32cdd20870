import { BaseError, type BaseErrorParameters } from '../errors.js'

/** Stable codes of every LCN1 failure; each names one cause. */
export type Lcn1ErrorCode =
  /** Key is not 32 bytes / not an AES-GCM key, or another argument is out of range. */
  | 'LCN1_INVALID_ARGUMENT'
  /** Magic, reserved bytes or chunk size field of the header are not valid LCN1. */
  | 'LCN1_HEADER_INVALID'
  /** The header names a format version this code does not read. */
  | 'LCN1_UNSUPPORTED_VERSION'
  /** The header differs from the one the caller expected (e.g. from the manifest). */
  | 'LCN1_HEADER_MISMATCH'
  /** The first chunk authenticates under no position: the key is wrong (or the header was edited). */
  | 'LCN1_WRONG_KEY'
  /** The stream ended before its final chunk. */
  | 'LCN1_TRUNCATED'
  /** Bytes follow the final chunk. */
  | 'LCN1_TRAILING_DATA'
  /** A chunk sits at a position other than its own (reordered or chunks removed). */
  | 'LCN1_CHUNK_OUT_OF_ORDER'
  /** A chunk that already appeared earlier appears again. */
  | 'LCN1_CHUNK_DUPLICATED'
  /** A chunk fails authentication: its bytes were modified. */
  | 'LCN1_CHUNK_AUTH_FAILED'
  /** The plaintext needs more than 2^32 chunks. */
  | 'LCN1_TOO_LARGE'
  /** The caller's AbortSignal fired. */
  | 'LCN1_ABORTED'

/** Error thrown (or used to error a stream) by every LCN1 function. */
export class Lcn1Error extends BaseError<Lcn1ErrorCode> {
  override name = 'Lcn1Error'
  /** Zero-based position of the chunk the failure was found at, when it concerns one. */
  readonly chunkIndex: number | undefined

  constructor(
    shortMessage: string,
    { chunkIndex, ...parameters }: BaseErrorParameters<Lcn1ErrorCode> & { chunkIndex?: number | undefined },
  ) {
    super(shortMessage, parameters)
    this.chunkIndex = chunkIndex
  }
}
