import { appChain } from '../config/appChain.js'
import type { AppConfig } from '../config/appConfig.js'
import { devAccountRoles, devPrivateKey } from './devAccounts.js'
import { devWalletConnector } from './devWalletConnector.js'

/** Dev wallet connectors for the local devnet's funded anvil accounts (one per role). */
export function devWallets(config: AppConfig) {
  const chain = appChain(config)
  return devAccountRoles.map(({ index, role }) =>
    devWalletConnector({ index, role, privateKey: devPrivateKey(index), chain, rpcUrl: config.chain.rpcUrl }),
  )
}
