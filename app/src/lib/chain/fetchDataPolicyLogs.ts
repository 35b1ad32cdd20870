import { dataPolicyAbi } from '@licen/sdk'
import { type Config, getPublicClient } from '@wagmi/core'
import type { ContractEventName, GetContractEventsReturnType } from 'viem'
import type { AppConfig } from '../config/appConfig.js'
import { AppError } from '../errors/AppError.js'

/** Blocks per `eth_getLogs` call, and the most calls one read may make. */
const blockRange = 50_000n
const maxCalls = 200

type EventName = ContractEventName<typeof dataPolicyAbi>

/** Decoded DataPolicy logs of one event. */
export type DataPolicyLogs<E extends EventName> = GetContractEventsReturnType<typeof dataPolicyAbi, E, true>

/**
 * Reads DataPolicy logs of one event straight from the chain, from the deployment block to the latest, in bounded
 * ranges (the fallback when the indexer cannot answer; also the ground truth for one job or dataset).
 */
export async function fetchDataPolicyLogs<E extends EventName>(
  wagmi: Config,
  config: AppConfig,
  eventName: E,
  args?: Record<string, unknown>,
): Promise<DataPolicyLogs<E>> {
  const client = getPublicClient(wagmi)
  if (!client) throw new AppError('No chain client is configured.', { code: 'RPC_UNREACHABLE' })
  // Never a cached head: a list read right after a confirmed transaction must include it.
  const latest = await client.getBlockNumber({ cacheTime: 0 })
  const out: unknown[] = []
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
      eventName,
      args: args as never,
      fromBlock: from,
      toBlock: to,
      strict: true,
    })
    out.push(...logs)
  }
  return out as DataPolicyLogs<E>
}
