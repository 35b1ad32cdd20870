// Reads every DataPolicy log from the chain with viem, with block timestamps, as DataPolicyEvents.
import { dataPolicyAbi } from '@licen/contracts'
import type { Hex } from 'viem'
import type { DataPolicyEvent } from '../src/handlers/types.js'
import type { Chainside } from './chain.js'

/** Every DataPolicy event from `fromBlock` to the head, in chain order. */
export async function readEvents(chain: Chainside, fromBlock: bigint): Promise<DataPolicyEvent[]> {
  const logs = await chain.client.getContractEvents({
    address: chain.address,
    abi: dataPolicyAbi,
    fromBlock,
    toBlock: 'latest',
    strict: true,
  })
  const timestamps = new Map<bigint, bigint>()
  for (const blockNumber of new Set(logs.map((log) => log.blockNumber))) {
    timestamps.set(blockNumber, (await chain.client.getBlock({ blockNumber })).timestamp)
  }
  return logs.map(
    (log) =>
      ({
        name: log.eventName,
        args: log.args,
        meta: {
          contract: log.address as Hex,
          blockNumber: log.blockNumber,
          timestamp: timestamps.get(log.blockNumber)!,
          txHash: log.transactionHash,
          logIndex: log.logIndex,
        },
      }) as DataPolicyEvent,
  )
}
