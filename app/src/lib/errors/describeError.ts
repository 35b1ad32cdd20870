import { dataPolicyErrorCodes, isLicenError } from '@licen/sdk'
import {
  ChainMismatchError,
  ContractFunctionRevertedError,
  HttpRequestError,
  InsufficientFundsError,
  TimeoutError,
  UserRejectedRequestError,
  BaseError as ViemBaseError,
} from 'viem'
import { codeMessages } from './codeMessages.js'
import { type DataPolicyErrorName, revertMessages } from './revertMessages.js'

/** An error as the UI shows it: a stable code and one sentence; never a key or a full RPC URL. */
export type DescribedError = { code: string; message: string }

/** Maps any thrown value to a stable code and a human sentence, through the revert and code tables. */
export function describeError(error: unknown): DescribedError {
  if (isAbort(error)) return { code: 'CANCELLED', message: codeMessages.CANCELLED! }
  if (error instanceof ViemBaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError)
    if (reverted instanceof ContractFunctionRevertedError) {
      const name = reverted.data?.errorName
      if (name && name in revertMessages) {
        const message = revertMessages[name as DataPolicyErrorName](reverted.data?.args ?? [])
        return { code: dataPolicyErrorCodes[name as DataPolicyErrorName], message }
      }
      return { code: 'REVERTED', message: 'The contract refused the transaction.' }
    }
    if (error.walk((e) => isRejected(e))) return known('USER_REJECTED')
    if (error.walk((e) => e instanceof ChainMismatchError)) return known('WRONG_CHAIN')
    if (error.walk((e) => e instanceof InsufficientFundsError)) return known('INSUFFICIENT_FUNDS')
    if (error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError))
      return known('RPC_UNREACHABLE')
    return { code: 'UNKNOWN', message: error.shortMessage }
  }
  if (isRejected(error)) return known('USER_REJECTED')
  if (isLicenError(error)) {
    return { code: error.code, message: codeMessages[error.code] ?? error.shortMessage }
  }
  return { code: 'UNKNOWN', message: 'Something went wrong. Try again, and reload the page if it persists.' }
}

function known(code: string): DescribedError {
  return { code, message: codeMessages[code]! }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError'
}

function isRejected(error: unknown): boolean {
  if (error instanceof UserRejectedRequestError) return true
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 4001
}
