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
import { simulateContract, waitForTransactionReceipt, writeContract } from 'viem/actions'
import { dataPolicyAbi } from '../generated/dataPolicyAbi.js'
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
 * Simulates, sends and confirms one DataPolicy transaction. Reverts (in simulation or on chain) come back as a
 * `DataPolicyError` with the revert's stable code.
 */
export async function writeDataPolicy<name extends DataPolicyWriteName>(
  client: Client<Transport, Chain | undefined, Account>,
  parameters: WriteDataPolicyParameters<name>,
): Promise<{ hash: Hash; receipt: TransactionReceipt }> {
  let hash: Hash
  try {
    const { request } = await simulateContract(client, {
      address: parameters.address,
      abi: dataPolicyAbi,
      functionName: parameters.functionName,
      args: parameters.args,
      value: parameters.value,
      account: client.account,
      chain: client.chain,
    } as never)
    hash = await writeContract(client, request as never)
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
      throw new DataPolicyError('CHAIN_TIMEOUT', 'The transaction was not mined in time.', { details: hash })
    }
    throw decoded
  }
  if (receipt.status !== 'success') {
    throw new DataPolicyError('CHAIN_REVERTED', 'The transaction reverted on chain.', { details: hash })
  }
  return { hash, receipt }
}
