import type { Config } from '@wagmi/core'
import type { Address } from 'viem'
import { readProvider } from '../chain/dataPolicy.js'
import { fetchDataPolicyLogs } from '../chain/fetchDataPolicyLogs.js'
import type { AppConfig } from '../config/appConfig.js'

/** A provider as the contract holds it now. */
export type ProviderSummary = {
  id: number
  operator: Address
  active: boolean
  pricePerEpoch: bigint
  endpoint: string
}

/** Lists every registered provider with its current on-chain record (ids from events, records from state). */
export async function fetchProviders(wagmi: Config, config: AppConfig): Promise<ProviderSummary[]> {
  const registered = await fetchDataPolicyLogs(wagmi, config, 'ProviderRegistered')
  // No multicall contract on every chain (anvil has none): one read per provider, all at once.
  return Promise.all(
    registered.map(async (log) => ({
      id: log.args.providerId,
      ...(await readProvider(wagmi, config, log.args.providerId)),
    })),
  )
}
