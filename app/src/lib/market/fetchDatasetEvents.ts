import type { Config } from '@wagmi/core'
import { fetchDataPolicyLogs } from '../chain/fetchDataPolicyLogs.js'
import type { AppConfig } from '../config/appConfig.js'
import type { DatasetEvent } from './reduceDatasetEvents.js'

/** Reads every dataset event straight from the chain. */
export async function fetchDatasetEvents(wagmi: Config, config: AppConfig): Promise<DatasetEvent[]> {
  const [registered, updated, activeSet, replaced] = await Promise.all([
    fetchDataPolicyLogs(wagmi, config, 'DatasetRegistered'),
    fetchDataPolicyLogs(wagmi, config, 'PolicyUpdated'),
    fetchDataPolicyLogs(wagmi, config, 'DatasetActiveSet'),
    fetchDataPolicyLogs(wagmi, config, 'DatasetOwnerReplaced'),
  ])
  const pick = ({
    eventName,
    blockNumber,
    logIndex,
    args,
  }: (typeof registered | typeof updated | typeof activeSet | typeof replaced)[number]) =>
    ({ eventName, blockNumber, logIndex, args }) as DatasetEvent
  return [...registered.map(pick), ...updated.map(pick), ...activeSet.map(pick), ...replaced.map(pick)]
}
