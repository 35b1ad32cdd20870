import { type Chain, defineChain } from 'viem'
import type { AppConfig } from './appConfig.js'

/** The viem chain described by the network configuration. */
export function appChain(config: AppConfig): Chain {
  return defineChain({
    id: config.chain.id,
    name: config.chain.name,
    nativeCurrency: config.chain.nativeCurrency,
    rpcUrls: { default: { http: [config.chain.rpcUrl] } },
    ...(config.chain.explorerUrl
      ? { blockExplorers: { default: { name: 'Explorer', url: config.chain.explorerUrl } } }
      : {}),
  })
}
