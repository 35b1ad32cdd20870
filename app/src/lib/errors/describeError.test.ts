import { BaseError, dataPolicyAbi, ProviderClientError } from '@licen/sdk'
import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  HttpRequestError,
  UserRejectedRequestError,
} from 'viem'
import { describe, expect, test } from 'vitest'
import { ProviderRpcError } from '../wallet/keyProvider.js'
import { describeError } from './describeError.js'

const revert = (errorName: string, args: readonly unknown[]) =>
  new ContractFunctionExecutionError(
    new ContractFunctionRevertedError({
      abi: dataPolicyAbi,
      functionName: 'requestAccess',
      data: encodeErrorResult({ abi: dataPolicyAbi, errorName: errorName as never, args: args as never }),
    }),
    { abi: dataPolicyAbi, functionName: 'requestAccess', args: [] },
  )

describe('describeError', () => {
  test('default', () => {
    expect(describeError(new Error('boom'))).toEqual({
      code: 'UNKNOWN',
      message: 'Something went wrong. Try again, and reload the page if it persists.',
    })
  })

  test('behavior: contract revert with arguments becomes its sentence', () => {
    expect(describeError(revert('DataPolicy__InvalidEpochs', [9, 5]))).toEqual({
      code: 'DATA_POLICY_INVALID_EPOCHS',
      message: 'Epochs must be between 1 and 5 for this dataset.',
    })
    expect(describeError(revert('DataPolicy__InvalidJobState', [7n, 3]))).toEqual({
      code: 'DATA_POLICY_INVALID_JOB_STATE',
      message: 'Job #7 is Completed, which does not allow this.',
    })
    expect(
      describeError(
        revert('DataPolicy__InvalidPolicy', [
          `0x${Buffer.from('sessionTtl').toString('hex').padEnd(64, '0')}`,
        ]),
      ),
    ).toEqual({
      code: 'DATA_POLICY_INVALID_POLICY',
      message: 'A policy term is out of range: sessionTtl.',
    })
    expect(describeError(revert('DataPolicy__RenounceOwnershipDisabled', []))).toEqual({
      code: 'DATA_POLICY_RENOUNCE_OWNERSHIP_DISABLED',
      message:
        'The protocol admin cannot be renounced; hand it over to another account (transfer, then accept) instead.',
    })
    expect(describeError(revert('DataPolicy__DeadlineNotReached', [3n, 86_400]))).toEqual({
      code: 'DATA_POLICY_DEADLINE_NOT_REACHED',
      message: 'Job #3 can be reclaimed only after its deadline (02/01/1970, 00:00:00 UTC).',
    })
  })

  test('behavior: wallet rejection', () => {
    expect(describeError(new UserRejectedRequestError(new Error('no')))).toEqual({
      code: 'USER_REJECTED',
      message: 'You declined the request in your wallet.',
    })
    expect(describeError({ code: 4001, message: 'User denied' }).code).toBe('USER_REJECTED')
  })

  test('behavior: unreachable RPC never shows its URL', () => {
    const described = describeError(
      new HttpRequestError({ url: 'http://secret-rpc.example/key123', status: 502 }),
    )
    expect(described).toEqual({
      code: 'RPC_UNREACHABLE',
      message: 'The chain node did not answer. Check your connection and try again.',
    })
  })

  test('behavior: cancellation', () => {
    expect(describeError(new DOMException('aborted', 'AbortError'))).toEqual({
      code: 'CANCELLED',
      message: 'Cancelled.',
    })
  })

  test('behavior: library error code through the table, else its short message', () => {
    expect(describeError(new BaseError('x', { code: 'USER_REJECTED' })).message).toBe(
      'You declined the request in your wallet.',
    )
    expect(describeError(new BaseError('The LCN1 header is invalid.', { code: 'LCN1_BAD_HEADER' }))).toEqual({
      code: 'LCN1_BAD_HEADER',
      message: 'The LCN1 header is invalid.',
    })
  })

  test('behavior: an EIP-1193 error (numeric code) is a wallet error, not a library code', () => {
    const error = new ProviderRpcError('This dev wallet only knows the local devnet chain.', { code: 4902 })
    expect(error).toBeInstanceOf(BaseError)
    expect(error.code).toBe(4902)
    expect(describeError(error)).toEqual({
      code: 'UNKNOWN',
      message: 'Something went wrong. Try again, and reload the page if it persists.',
    })
    expect(describeError(new ProviderRpcError('User rejected the request.', { code: 4001 }))).toEqual({
      code: 'USER_REJECTED',
      message: 'You declined the request in your wallet.',
    })
  })

  test('behavior: the sdk provider client codes become the app sentences', () => {
    const described = (code: 'PROVIDER_UNREACHABLE' | 'PROVIDER_JOB_NOT_FOUND' | 'PROVIDER_BAD_RESPONSE') =>
      describeError(new ProviderClientError('sdk message', { code }))
    expect(described('PROVIDER_UNREACHABLE')).toEqual({
      code: 'PROVIDER_UNREACHABLE',
      message: 'The provider node did not answer.',
    })
    expect(described('PROVIDER_JOB_NOT_FOUND')).toEqual({
      code: 'PROVIDER_JOB_NOT_FOUND',
      message: 'The provider node does not know this job (it may have restarted).',
    })
    expect(described('PROVIDER_BAD_RESPONSE')).toEqual({
      code: 'PROVIDER_BAD_RESPONSE',
      message: 'The provider node answered with data the app does not accept.',
    })
  })
})
