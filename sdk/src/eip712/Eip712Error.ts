import { BaseError } from '../errors.js'

/** Stable codes of EIP-712 helper failures. */
export type Eip712ErrorCode =
  /** A field is out of range for its Solidity type (e.g. epoch > uint16, negative loss). */
  | 'EIP712_INVALID_ARGUMENT'
  /** A signature does not recover to the expected signer. */
  | 'EIP712_BAD_SIGNATURE'
  /** Receipts do not form the chain epoch 1..n of one job, each linking the digest of the previous one. */
  | 'EIP712_RECEIPT_CHAIN_BROKEN'
  /** A failure reason is not a short upper-snake ASCII code. */
  | 'EIP712_INVALID_FAILURE_REASON'

/** Error thrown by the EIP-712 helpers. */
export class Eip712Error extends BaseError<Eip712ErrorCode> {
  override name = 'Eip712Error'
}
