import { createLocalStorage, type StorageAdapter } from '@licen/sdk'
import { type Config, getPublicClient, getWalletClient } from '@wagmi/core'
import type { AppConfig } from '../config/appConfig.js'
import { AppError } from '../errors/AppError.js'

/**
 * The configured storage backend for uploads: the local node, or 0G Storage where the connected wallet pays the
 * Flow submission (the 0G client loads only on networks configured for it).
 */
export async function createWriteStorage(wagmi: Config, config: AppConfig): Promise<StorageAdapter> {
  if (config.storage.backend === 'local') return createLocalStorage({ url: config.storage.url })
  const publicClient = getPublicClient(wagmi)
  if (!publicClient) throw new AppError('No chain client is configured.', { code: 'RPC_UNREACHABLE' })
  const [{ createZerogStorage }, wallet] = await Promise.all([
    import('./zerogStorage.js'),
    getWalletClient(wagmi),
  ])
  return createZerogStorage({
    indexerUrl: config.storage.url,
    evmRpcUrl: config.chain.rpcUrl,
    flowAddress: config.storage.flowAddress,
    publicClient,
    wallet,
  })
}
