import type { Hash } from 'viem'
import type { AppConfig } from './appConfig.js'

/** Link to a transaction: the configured explorer, or the app's own block page when there is none. */
export function txLink(config: AppConfig, hash: Hash, blockNumber?: bigint): string {
  if (config.chain.explorerUrl) return `${config.chain.explorerUrl}/tx/${hash}`
  return blockNumber === undefined ? `#/tx/${hash}` : `#/block/${blockNumber}`
}

/** Link to a block: the configured explorer, or the app's own block page when there is none. */
export function blockLink(config: AppConfig, blockNumber: bigint): string {
  if (config.chain.explorerUrl) return `${config.chain.explorerUrl}/block/${blockNumber}`
  return `#/block/${blockNumber}`
}
