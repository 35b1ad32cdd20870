import {
  type Config,
  type Connector,
  connect,
  disconnect,
  getConnection,
  getConnectors,
  switchChain,
  watchConnection,
  watchConnectors,
} from '@wagmi/core'
import type { Address } from 'viem'

export type WalletStatus = 'connected' | 'connecting' | 'reconnecting' | 'disconnected'

/** Reactive wallet state over a wagmi config: the connected account, its chain and the available wallets. */
export class WalletState {
  address = $state<Address | undefined>(undefined)
  chainId = $state<number | undefined>(undefined)
  status = $state<WalletStatus>('disconnected')
  connectorName = $state<string | undefined>(undefined)
  connectorId = $state<string | undefined>(undefined)
  connectors = $state.raw<readonly Connector[]>([])

  constructor(
    readonly wagmi: Config,
    readonly expectedChainId: number,
  ) {
    this.#sync()
    this.connectors = getConnectors(wagmi)
  }

  /** True when a wallet is connected to a chain other than the configured one. */
  get wrongChain(): boolean {
    return this.status === 'connected' && this.chainId !== this.expectedChainId
  }

  /** True when a wallet is connected to the configured chain, so transactions can be sent. */
  get ready(): boolean {
    return this.status === 'connected' && !this.wrongChain && this.address !== undefined
  }

  /** Starts following wagmi; returns the unsubscribe function (use it as an `$effect` teardown). */
  watch(): () => void {
    const offConnection = watchConnection(this.wagmi, { onChange: () => this.#sync() })
    const offConnectors = watchConnectors(this.wagmi, {
      onChange: (connectors) => {
        this.connectors = connectors
      },
    })
    return () => {
      offConnection()
      offConnectors()
    }
  }

  /** Connects through `connector`; a wallet on another chain is then asked to switch by the chain guard. */
  async connect(connector: Connector): Promise<void> {
    await connect(this.wagmi, { connector })
  }

  /** Disconnects the current wallet. */
  async disconnect(): Promise<void> {
    await disconnect(this.wagmi)
  }

  /** Asks the wallet to switch to the configured chain. */
  async switchToExpectedChain(): Promise<void> {
    await switchChain(this.wagmi, { chainId: this.expectedChainId })
  }

  #sync() {
    const connection = getConnection(this.wagmi)
    this.address = connection.address
    this.chainId = connection.chainId
    this.status = connection.status
    this.connectorName = connection.connector?.name
    this.connectorId = connection.connector?.id
  }
}
