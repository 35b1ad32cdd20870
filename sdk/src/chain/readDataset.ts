import { dataPolicyAbi } from '@licen/contracts/abi'
import type { Address, Chain, Client, Hex, Transport } from 'viem'
import { readContract } from 'viem/actions'
import { DataPolicyError } from './DataPolicyError.js'
import { decodeDataPolicyError } from './decodeDataPolicyError.js'
import type { Dataset, Policy } from './types.js'

/** A registered dataset with its current policy. */
export type DataPolicyDataset = Dataset & {
  datasetRoot: Hex
  policy: Policy
}

/** Reads a dataset and its current policy; throws `DATA_POLICY_UNKNOWN_DATASET` if none is registered. */
export async function readDataset(
  client: Client<Transport, Chain | undefined>,
  parameters: { address: Address; datasetRoot: Hex },
): Promise<DataPolicyDataset> {
  try {
    const dataset = await readContract(client, {
      address: parameters.address,
      abi: dataPolicyAbi,
      functionName: 'getDataset',
      args: [parameters.datasetRoot],
    })
    if (dataset.owner === '0x0000000000000000000000000000000000000000') {
      throw new DataPolicyError('No dataset is registered under this root.', {
        code: 'DATA_POLICY_UNKNOWN_DATASET',
        errorName: 'DataPolicy__UnknownDataset',
        args: [parameters.datasetRoot],
      })
    }
    const policy = await readContract(client, {
      address: parameters.address,
      abi: dataPolicyAbi,
      functionName: 'getPolicy',
      args: [parameters.datasetRoot, dataset.policyVersion],
    })
    return { ...dataset, datasetRoot: parameters.datasetRoot, policy }
  } catch (error) {
    throw decodeDataPolicyError(error)
  }
}
