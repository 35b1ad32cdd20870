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
  unconfirmed: string[]
}

/**
 * 0G networks with the facts found in the network's documentation and sources (December 2026), all to be confirmed
 * by the pre-flight (`zerogPreflight`, `licen storage check --network <name>`) before paying for an upload. Older
 * documents name other Flow addresses and chain id 16601: those are stale and must not be used.
 */
export const zerogNetworks = {
  galileo: {
    name: 'galileo',
    chainId: 16602,
    evmRpcUrl: 'https://evmrpc-testnet.0g.ai',
    indexerUrl: 'https://indexer-storage-testnet-turbo.0g.ai',
    flowAddress: '0x22E03a6A89B950F1c82ec5e74F8eCa321a105296',
    unconfirmed: ['chain id (older documents say 16601)', 'Flow address'],
  },
  mainnet: {
    name: 'mainnet',
    chainId: 16661,
    evmRpcUrl: 'https://evmrpc.0g.ai',
    indexerUrl: 'https://indexer-storage-turbo.0g.ai',
    flowAddress: '0x62D4144dB0F0a6fBBaeb6296c785C71B3D57C526',
    unconfirmed: ['indexer URL (third-party sources only)', 'Flow address'],
  },
} as const satisfies Record<string, ZerogNetworkPreset>

/** Names of {@link zerogNetworks}. */
export type ZerogNetworkName = keyof typeof zerogNetworks
