import type { Address, Chain, Client, ContractFunctionReturnType, Transport } from 'viem'
import { readContract } from 'viem/actions'
import { dataPolicyAbi } from '../generated/dataPolicyAbi.js'
import { decodeDataPolicyError } from './decodeDataPolicyError.js'
import { JOB_STATES, type JobStateName } from './jobState.js'

/** A job as `getJob` returns it, plus its id and state name. */
export type DataPolicyJob = ContractFunctionReturnType<typeof dataPolicyAbi, 'view', 'getJob'> & {
  jobId: bigint
  stateName: JobStateName
}

/** Reads job `jobId` from the DataPolicy contract (state `None` if unknown). */
export async function readJob(
  client: Client<Transport, Chain | undefined>,
  parameters: { address: Address; jobId: bigint },
): Promise<DataPolicyJob> {
  try {
    const job = await readContract(client, {
      address: parameters.address,
      abi: dataPolicyAbi,
      functionName: 'getJob',
      args: [parameters.jobId],
    })
    return { ...job, jobId: parameters.jobId, stateName: JOB_STATES[job.state] ?? 'None' }
  } catch (error) {
    throw decodeDataPolicyError(error)
  }
}
