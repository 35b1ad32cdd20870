import { type LicenNetwork, licenNetworks } from '@licen/contracts/networks'
import type { Address } from 'viem'

/** A 0G network's chain, indexer and Flow contract, as far as they are known. */
export type ZerogNetworkPreset = {
  name: string
  chainId: number
  /** EVM RPC; public endpoints are rate-limited and meant for development. */
  evmRpcUrl: string
  indexerUrl: string
  /** The Flow contract pinned for submissions (never the address a storage node reports). */
  flowAddress: Address
  /** What is not confirmed by a source of the network itself; `licen storage check` confirms it on the wire. */
  unconfirmed: readonly string[]
}

const zerogPreset = (network: LicenNetwork & { storage: { backend: 'zerog' } }): ZerogNetworkPreset => ({
  name: network.name,
  chainId: network.chain.id,
  evmRpcUrl: network.chain.rpcUrl,
  indexerUrl: network.storage.indexerUrl,
  flowAddress: network.storage.flowAddress,
  unconfirmed: network.unconfirmed,
})

/**
 * The 0G networks of `licenNetworks` (`@licen/sdk/networks`, where the facts and their sources live) in the shape
 * the storage pre-flight takes. Every fact is to be confirmed by the pre-flight (`zerogPreflight`,
 * `licen storage check --network <name>`) before paying for an upload.
 */
export const zerogNetworks = {
  galileo: zerogPreset(licenNetworks.galileo),
  mainnet: zerogPreset(licenNetworks.mainnet),
} as const satisfies Record<string, ZerogNetworkPreset>

/** Names of {@link zerogNetworks}. */
export type ZerogNetworkName = keyof typeof zerogNetworks
