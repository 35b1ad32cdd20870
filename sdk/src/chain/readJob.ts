import { dataPolicyAbi } from '@licen/contracts/abi'
import type { Address, Chain, Client, Transport } from 'viem'
import { readContract } from 'viem/actions'
import { decodeDataPolicyError } from './decodeDataPolicyError.js'
import { JOB_STATES, type JobStateName } from './jobState.js'
import type { Job } from './types.js'

/** A job as `getJob` returns it, plus its id and state name. */
export type DataPolicyJob = Job & {
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
