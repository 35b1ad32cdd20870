import { type Config, createConfig, createStorage, fallback, http, injected } from '@wagmi/core'
import { appChain } from '../config/appChain.js'
import type { AppConfig } from '../config/appConfig.js'

export type CreateWagmiParameters = {
  config: AppConfig
  /** Extra connectors (the dev wallet on the local devnet). */
  extraConnectors?: Parameters<typeof createConfig>[0]['connectors']
  /** Receipt and block polling interval; low in tests. */
  pollingInterval?: number | undefined
}

/**
 * The wagmi config for one network: the configured chain over its RPC, injected wallets found through EIP-6963
 * discovery (plus the legacy `window.ethereum`), and any extra connectors.
 */
export function createWagmi({
  config,
  extraConnectors = [],
  pollingInterval,
}: CreateWagmiParameters): Config {
  const chain = appChain(config)
  return createConfig({
    chains: [chain],
    connectors: [injected({ shimDisconnect: true }), ...extraConnectors],
    multiInjectedProviderDiscovery: true,
    transports: { [chain.id]: fallback([http(config.chain.rpcUrl, { timeout: 15_000 })]) },
    storage: createStorage({
      storage: typeof window === 'undefined' ? undefined : window.localStorage,
      key: 'licen.wagmi',
    }),
    pollingInterval: pollingInterval ?? 1_000,
  })
}
