import { dataPolicyAbi } from '@licen/contracts/abi'
import {
  ContractFunctionRevertedError,
  decodeErrorResult,
  type Hex,
  InsufficientFundsError,
  isHex,
  UserRejectedRequestError,
  BaseError as ViemBaseError,
} from 'viem'
import { DataPolicyError } from './DataPolicyError.js'
import { type DataPolicyErrorName, dataPolicyErrorCodes } from './dataPolicyErrorCodes.js'

/**
 * Turns anything a DataPolicy call can throw (a viem error, raw revert data, or an error already decoded) into a
 * `DataPolicyError` with a stable code. RPC URLs and request bodies are never copied into the result.
 */
export function decodeDataPolicyError(error: unknown): DataPolicyError {
  if (error instanceof DataPolicyError) return error
  if (typeof error === 'string' && isHex(error)) return fromRevertData(error)
  if (error instanceof ViemBaseError) {
    const reverted = error.walk(
      (e) => e instanceof ContractFunctionRevertedError,
    ) as ContractFunctionRevertedError | null
    if (reverted) {
      const name = reverted.data?.errorName
      if (name && name in dataPolicyErrorCodes)
        return named(name as DataPolicyErrorName, reverted.data?.args ?? [])
      if (reverted.raw) return fromRevertData(reverted.raw)
      return new DataPolicyError('The contract call reverted.', {
        code: 'CHAIN_REVERTED',
        details: reverted.reason ? `reason: ${reverted.reason}` : undefined,
      })
    }
    if (error.walk((e) => e instanceof UserRejectedRequestError)) {
      return new DataPolicyError('The request was rejected in the wallet.', { code: 'CHAIN_USER_REJECTED' })
    }
    if (error.walk((e) => e instanceof InsufficientFundsError)) {
      return new DataPolicyError('The account cannot pay for value and gas.', {
        code: 'CHAIN_INSUFFICIENT_FUNDS',
      })
    }
    // viem's shortMessage names the failure without the URL or request body that its full message carries.
    return new DataPolicyError('The chain request failed.', {
      code: 'CHAIN_RPC_FAILED',
      details: error.shortMessage,
    })
  }
  return new DataPolicyError('The chain request failed.', {
    code: 'CHAIN_RPC_FAILED',
    details: error instanceof Error ? error.name : undefined,
  })
}

function fromRevertData(data: Hex): DataPolicyError {
  try {
    const decoded = decodeErrorResult({ abi: dataPolicyAbi, data })
    if (decoded.errorName in dataPolicyErrorCodes) {
      return named(decoded.errorName as DataPolicyErrorName, decoded.args ?? [])
    }
  } catch {
    // not a DataPolicy error; reported below
  }
  return new DataPolicyError('The contract call reverted with an unknown error.', {
    code: 'CHAIN_REVERTED',
    details: `selector ${data.slice(0, 10)}`,
  })
}

function named(errorName: DataPolicyErrorName, args: readonly unknown[]): DataPolicyError {
  return new DataPolicyError(`DataPolicy reverted: ${errorName}.`, {
    code: dataPolicyErrorCodes[errorName],
    errorName,
    args,
    details: args.length > 0 ? args.map((arg) => String(arg)).join(', ') : undefined,
  })
}
