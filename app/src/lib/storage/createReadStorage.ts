import { createLocalStorage, type StorageAdapter } from '@licen/sdk'
import { type Config, getPublicClient } from '@wagmi/core'
import type { AppConfig } from '../config/appConfig.js'
import { AppError } from '../errors/AppError.js'

/**
 * The configured storage backend for reading (manifests, results, evidence): every download is verified against
 * its 0G root by the sdk. `maxBytes` bounds what one download may return. The 0G client (and the 0G SDK under it)
 * is loaded only on networks configured for it.
 */
export async function createReadStorage(
  wagmi: Config,
  config: AppConfig,
  maxBytes?: number,
): Promise<StorageAdapter> {
  if (config.storage.backend === 'local') return createLocalStorage({ url: config.storage.url, maxBytes })
  const { createZerogStorage } = await import('./zerogStorage.js')
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
