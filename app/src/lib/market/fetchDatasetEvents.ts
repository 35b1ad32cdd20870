import { dataPolicyAbi } from '@licen/sdk'
import { type Config, getBlockNumber, getPublicClient } from '@wagmi/core'
import type { AppConfig } from '../config/appConfig.js'
import { AppError } from '../errors/AppError.js'
import type { DatasetEvent } from './reduceDatasetEvents.js'

/** Blocks per `eth_getLogs` call, and the most calls one listing may make. */
const blockRange = 50_000n
const maxCalls = 200

/** Reads every dataset event since the deployment block straight from the chain, in bounded ranges. */
export async function fetchDatasetEvents(wagmi: Config, config: AppConfig): Promise<DatasetEvent[]> {
  const client = getPublicClient(wagmi)
  if (!client) throw new AppError('No chain client is configured.', { code: 'RPC_UNREACHABLE' })
  const latest = await getBlockNumber(wagmi)
  const events: DatasetEvent[] = []
  let calls = 0
  for (let from = BigInt(config.dataPolicy.deploymentBlock); from <= latest; from += blockRange) {
    if (++calls > maxCalls)
      throw new AppError('The chain history is too long to read without the indexer.', {
        code: 'INDEXER_UNREACHABLE',
      })
    const to = from + blockRange - 1n < latest ? from + blockRange - 1n : latest
    const logs = await client.getContractEvents({
      abi: dataPolicyAbi,
      address: config.dataPolicy.address,
      fromBlock: from,
      toBlock: to,
      strict: true,
    })
    for (const log of logs) {
      if (
        log.eventName === 'DatasetRegistered' ||
        log.eventName === 'PolicyUpdated' ||
        log.eventName === 'DatasetActiveSet'
      )
        events.push({
          eventName: log.eventName,
          blockNumber: log.blockNumber,
          logIndex: log.logIndex,
          args: log.args,
        } as DatasetEvent)
    }
  }
  return events
}
