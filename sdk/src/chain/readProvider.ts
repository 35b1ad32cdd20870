import { dataPolicyAbi } from '@licen/contracts/abi'
import type { Address, Chain, Client, Transport } from 'viem'
import { readContract } from 'viem/actions'
import { DataPolicyError } from './DataPolicyError.js'
import { decodeDataPolicyError } from './decodeDataPolicyError.js'
import type { Provider } from './types.js'

/** A registered provider and its id. */
export type DataPolicyProvider = Provider & {
  providerId: number
}

/** Reads a provider; throws `DATA_POLICY_UNKNOWN_PROVIDER` if none is registered under the id. */
export async function readProvider(
  client: Client<Transport, Chain | undefined>,
  parameters: { address: Address; providerId: number },
): Promise<DataPolicyProvider> {
  try {
    const provider = await readContract(client, {
      address: parameters.address,
      abi: dataPolicyAbi,
      functionName: 'getProvider',
      args: [parameters.providerId],
    })
    if (provider.operator === '0x0000000000000000000000000000000000000000') {
      throw new DataPolicyError('No provider is registered under this id.', {
        code: 'DATA_POLICY_UNKNOWN_PROVIDER',
        errorName: 'DataPolicy__UnknownProvider',
        args: [parameters.providerId],
      })
    }
    return { ...provider, providerId: parameters.providerId }
  } catch (error) {
    throw decodeDataPolicyError(error)
  }
}
