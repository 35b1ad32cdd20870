import { createLocalStorage, createZerogStorage, type StorageAdapter } from '@licen/sdk'
import { type Config, getPublicClient } from '@wagmi/core'
import type { AppConfig } from '../config/appConfig.js'
import { AppError } from '../errors/AppError.js'

/**
 * The configured storage backend for reading (manifests, results, evidence): every download is verified against
 * its 0G root by the sdk. `maxBytes` bounds what one download may return.
 */
export function createReadStorage(wagmi: Config, config: AppConfig, maxBytes?: number): StorageAdapter {
  if (config.storage.backend === 'local') return createLocalStorage({ url: config.storage.url, maxBytes })
  const publicClient = getPublicClient(wagmi)
  if (!publicClient) throw new AppError('No chain client is configured.', { code: 'RPC_UNREACHABLE' })
  return createZerogStorage({
    indexerUrl: config.storage.url,
    evmRpcUrl: config.chain.rpcUrl,
    flowAddress: config.storage.flowAddress,
    publicClient,
    maxBytes,
  })
}
