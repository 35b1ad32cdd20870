import { createConnector } from '@wagmi/core'
import { type Address, type Chain, getAddress, numberToHex } from 'viem'
import { devWalletId } from './devAccountRoles.js'
import { createKeyProvider, type Eip1193Request } from './keyProvider.js'

export type DevWalletParameters = {
  /** Account index in anvil's test mnemonic. */
  index: number
  role: string
  privateKey: `0x${string}`
  chain: Chain
  rpcUrl: string
}

/**
 * A wagmi connector for one funded anvil account, signing in the page. Dev-only: offered only when
 * `config.json` enables it on the local devnet chain, and labelled as such in the UI.
 */
export function devWalletConnector(parameters: DevWalletParameters) {
  const provider = createKeyProvider(parameters)
  const address: Address = getAddress(provider.account.address)
  const id = devWalletId(parameters.index)
  let connected = false
  return createConnector<{ request: Eip1193Request }>((config) => ({
    id,
    name: `Dev wallet #${parameters.index} (${parameters.role})`,
    type: 'devWallet',
    async connect(connectParameters) {
      connected = true
      const accounts = connectParameters?.withCapabilities ? [{ address, capabilities: {} }] : [address]
      return { accounts: accounts as never, chainId: parameters.chain.id }
    },
    async disconnect() {
      connected = false
    },
    async getAccounts() {
      return connected ? [address] : []
    },
    async getChainId() {
      return parameters.chain.id
    },
    async getProvider() {
      return { request: provider.request }
    },
    async isAuthorized() {
      // Reconnect after a reload only when this dev wallet was the last one used.
      return connected || (await config.storage?.getItem('recentConnectorId')) === id
    },
    async switchChain({ chainId }) {
      await provider.request({
        method: 'wallet_switchEthereumChain',
        params: [{ chainId: numberToHex(chainId) }],
      })
      return parameters.chain
    },
    onAccountsChanged(accounts) {
      config.emitter.emit('change', { accounts: accounts.map((a) => getAddress(a)) })
    },
    onChainChanged(chainId) {
      config.emitter.emit('change', { chainId: Number(chainId) })
    },
    onDisconnect() {
      connected = false
      config.emitter.emit('disconnect')
    },
  }))
}
