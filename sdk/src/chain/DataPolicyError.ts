import { BaseError, type BaseErrorParameters } from '../errors.js'
import type { DataPolicyErrorName, DataPolicyRevertCode } from './dataPolicyErrorCodes.js'

/** Stable codes of chain interactions: a named contract revert, or one of the transport-level failures. */
export type DataPolicyErrorCode =
  | DataPolicyRevertCode
  /** The call reverted with data that is not a DataPolicy error (or with none). */
  | 'CHAIN_REVERTED'
  /** The wallet user rejected the request. */
  | 'CHAIN_USER_REJECTED'
  /** The account cannot pay value plus gas. */
  | 'CHAIN_INSUFFICIENT_FUNDS'
  /** The RPC node could not be reached or answered with an error. */
  | 'CHAIN_RPC_FAILED'
  /** Waiting for a transaction or a job state took longer than allowed. */
  | 'CHAIN_TIMEOUT'
  /** A transaction that was expected to emit an event did not. */
  | 'CHAIN_EVENT_MISSING'
  /** An argument is out of range before anything was sent. */
  | 'CHAIN_INVALID_ARGUMENT'
  /** The caller's AbortSignal fired. */
  | 'CHAIN_ABORTED'

/** Error for every DataPolicy client failure; `errorName`/`args` are set for contract reverts. */
export class DataPolicyError extends BaseError<DataPolicyErrorCode> {
  override name = 'DataPolicyError'
  /** Solidity error name of a revert, e.g. `DataPolicy__WrongPayment`. */
  readonly errorName: DataPolicyErrorName | undefined
  /** Decoded revert arguments. */
  readonly args: readonly unknown[] | undefined

  constructor(
    shortMessage: string,
    {
      errorName,
      args,
      ...parameters
    }: BaseErrorParameters<DataPolicyErrorCode> & {
      errorName?: DataPolicyErrorName | undefined
      args?: readonly unknown[] | undefined
    },
  ) {
    super(shortMessage, parameters)
    this.errorName = errorName
    this.args = args
  }
}
