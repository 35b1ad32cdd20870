import { dataPolicyAbi } from '@licen/contracts/abi'
import type {
  Account,
  Address,
  Chain,
  Client,
  ContractFunctionArgs,
  ContractFunctionName,
  Hash,
  TransactionReceipt,
  Transport,
} from 'viem'
import { estimateContractGas, simulateContract, waitForTransactionReceipt, writeContract } from 'viem/actions'
import { DataPolicyError } from './DataPolicyError.js'
import { decodeDataPolicyError } from './decodeDataPolicyError.js'

/** A state-changing DataPolicy function name. */
export type DataPolicyWriteName = ContractFunctionName<typeof dataPolicyAbi, 'nonpayable' | 'payable'>

export type WriteDataPolicyParameters<name extends DataPolicyWriteName> = {
  address: Address
  functionName: name
  args: ContractFunctionArgs<typeof dataPolicyAbi, 'nonpayable' | 'payable', name>
  value?: bigint | undefined
  /** Receipt wait limit; default 60 s. */
  timeoutMs?: number | undefined
  /** Receipt polling interval; default 1 s (lower it on a local chain). */
  pollingIntervalMs?: number | undefined
}

/**
 * Gas limit sent for an estimate: 20 % plus 20,000 above it. The estimate is exact for the state it ran against, and
 * a transaction mined after another one changed that state can cost more: a counter slot written from zero costs
 * 17,100 more than a rewrite (a requester's active-jobs count after their last job settled in the same block).
 */
export function gasWithHeadroom(estimate: bigint): bigint {
  return estimate + estimate / 5n + 20_000n
}

/**
 * Simulates, sends (with `gasWithHeadroom` over the estimate) and confirms one DataPolicy transaction. Reverts (in simulation or on chain) come back as a
 * `DataPolicyError` with the revert's stable code.
 */
export async function writeDataPolicy<name extends DataPolicyWriteName>(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: WriteDataPolicyParameters<name>,
): Promise<{ hash: Hash; receipt: TransactionReceipt }> {
  let hash: Hash
  try {
    const call = {
      address: parameters.address,
      abi: dataPolicyAbi,
      functionName: parameters.functionName,
      args: parameters.args,
      value: parameters.value,
      account: client.account,
      chain: client.chain,
    } as never
    const { request } = await simulateContract(client, call)
    const estimate = await estimateContractGas(client, call)
    hash = await writeContract(client, { ...(request as object), gas: gasWithHeadroom(estimate) } as never)
  } catch (error) {
    throw decodeDataPolicyError(error)
  }
  let receipt: TransactionReceipt
  try {
    receipt = await waitForTransactionReceipt(client, {
      hash,
      timeout: parameters.timeoutMs ?? 60_000,
      pollingInterval: parameters.pollingIntervalMs ?? 1_000,
    })
  } catch (error) {
    const decoded = decodeDataPolicyError(error)
    if ((error as { name?: string }).name === 'WaitForTransactionReceiptTimeoutError') {
      throw new DataPolicyError('The transaction was not mined in time.', {
        code: 'CHAIN_TIMEOUT',
        details: hash,
      })
    }
    throw decoded
  }
  if (receipt.status !== 'success') {
    throw new DataPolicyError('The transaction reverted on chain.', { code: 'CHAIN_REVERTED', details: hash })
  }
  return { hash, receipt }
}
