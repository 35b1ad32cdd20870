import { dataPolicyAbi } from '@licen/contracts/abi'
import type { Address, BlockNumber, Chain, Client, Hex, Transport } from 'viem'
import { getContractEvents } from 'viem/actions'
import { DataPolicyError } from './DataPolicyError.js'
import { decodeDataPolicyError } from './decodeDataPolicyError.js'

/** The `AccessGranted` event of one job (it carries the full result public key the contract only tags). */
export type AccessGrantedEvent = {
  jobId: bigint
  datasetRoot: Hex
  requester: Address
  resultPubKey: Hex
  blockNumber: bigint
  transactionHash: Hex
}

/** Reads the `AccessGranted` event of `jobId` from chain logs (search from `fromBlock`, default the deployment's). */
export async function readAccessGranted(
  client: Client<Transport, Chain | undefined>,
  parameters: { address: Address; jobId: bigint; fromBlock?: BlockNumber | undefined },
): Promise<AccessGrantedEvent> {
  const search = async () =>
    getContractEvents(client, {
      address: parameters.address,
      abi: dataPolicyAbi,
      eventName: 'AccessGranted',
      args: { jobId: parameters.jobId },
      fromBlock: parameters.fromBlock ?? 0n,
      strict: true,
    })
  const logs = await search().catch((error: unknown) => {
    throw decodeDataPolicyError(error)
  })
  const log = logs[0]
  if (!log) {
    throw new DataPolicyError('No AccessGranted event for this job.', {
      code: 'CHAIN_EVENT_MISSING',
      details: `job ${parameters.jobId}`,
    })
  }
  return {
    jobId: log.args.jobId,
    datasetRoot: log.args.datasetRoot,
    requester: log.args.requester,
    resultPubKey: log.args.resultPubKey,
    blockNumber: log.blockNumber,
    transactionHash: log.transactionHash,
  }
}
