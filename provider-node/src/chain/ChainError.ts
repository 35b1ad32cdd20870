import { BaseError } from '../errors.js'

/** Stable codes of chain-read failures. */
export type ChainErrorCode =
  /** The RPC did not answer or the call reverted unexpectedly. */
  | 'CHAIN_UNAVAILABLE'
  /** The RPC serves another chain than the configured one. */
  | 'CHAIN_ID_MISMATCH'

/** Error thrown by the chain reader; never carries the RPC URL. */
export class ChainError extends BaseError<ChainErrorCode> {
  override name = 'ChainError'
}
