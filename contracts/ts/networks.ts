import type { Address } from 'viem'

/** Where a network keeps datasets: the devnet's LICEN storage node, or 0G Storage. */
export type LicenNetworkStorage =
  | { backend: 'local'; url: string }
  | {
      backend: 'zerog'
      /** 0G storage indexer RPC (node selection and file locations). */
      indexerUrl: string
      /** The Flow contract pinned for submissions (never the address a storage node reports). */
      flowAddress: Address
    }

/** A chain LICEN runs on, with its storage and, once there is one, its recorded DataPolicy deployment. */
export type LicenNetwork = {
  name: string
  chain: {
    id: number
    name: string
    nativeCurrency: { name: string; symbol: string; decimals: number }
    /** EVM JSON-RPC; public endpoints are rate-limited and meant for development. */
    rpcUrl: string
    /** Block explorer base URL, when the network has one. */
    explorerUrl?: string | undefined
  }
  storage: LicenNetworkStorage
  /**
   * The DataPolicy deployment LICEN uses on this network (`contracts/deployments/<chainId>.json` records it), absent
   * while there is none: commands that need the contract then ask for `--contract`/`--config`.
   */
  dataPolicy?: { address: Address; deploymentBlock: number } | undefined
  /** Facts no source of the network itself confirms; `licen storage check` confirms them on the wire. */
  unconfirmed: readonly string[]
}

/**
 * The networks LICEN knows by name. Facts of the 0G networks come from viem 2.57.20's chain definitions
 * (`zeroGTestnet` 16602, `zeroGMainnet` 16661: name, native currency, RPC, explorer) and 0G's storage documentation
 * and sources (December 2026); `licen storage check --network <name>` confirms them on the wire before any payment.
 * Older documents (and viem's `zeroGGalileoTestnet`) name chain id 16601 and other Flow addresses: those are stale
 * and must not be used. No LICEN deployment exists on galileo or mainnet yet; the devnet's is per data folder
 * (`.devnet/config.json`), so none is committed for it either.
 */
export const licenNetworks = {
  devnet: {
    name: 'devnet',
    chain: {
      id: 31_337,
      name: 'LICEN devnet',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrl: 'http://127.0.0.1:8545',
    },
    // `pnpm dev`'s default ports (devnet/src/dev/config.ts).
    storage: { backend: 'local', url: 'http://127.0.0.1:4001' },
    unconfirmed: [],
  },
  galileo: {
    name: 'galileo',
    chain: {
      id: 16_602,
      name: '0G Galileo Testnet',
      nativeCurrency: { name: '0G', symbol: '0G', decimals: 18 },
      rpcUrl: 'https://evmrpc-testnet.0g.ai',
      explorerUrl: 'https://chainscan-galileo.0g.ai',
    },
    storage: {
      backend: 'zerog',
      indexerUrl: 'https://indexer-storage-testnet-turbo.0g.ai',
      flowAddress: '0x22E03a6A89B950F1c82ec5e74F8eCa321a105296',
    },
    unconfirmed: ['chain id (older documents say 16601)', 'Flow address'],
  },
  mainnet: {
    name: 'mainnet',
    chain: {
      id: 16_661,
      name: '0G Mainnet',
      nativeCurrency: { name: '0G', symbol: '0G', decimals: 18 },
      rpcUrl: 'https://evmrpc.0g.ai',
      explorerUrl: 'https://chainscan.0g.ai',
    },
    storage: {
      backend: 'zerog',
      indexerUrl: 'https://indexer-storage-turbo.0g.ai',
      flowAddress: '0x62D4144dB0F0a6fBBaeb6296c785C71B3D57C526',
    },
    unconfirmed: ['indexer URL (third-party sources only)', 'Flow address'],
  },
} as const satisfies Record<string, LicenNetwork>

/** Names of {@link licenNetworks}. */
export type LicenNetworkName = keyof typeof licenNetworks

/** The names of {@link licenNetworks}, in order. */
export const licenNetworkNames = Object.keys(licenNetworks) as readonly LicenNetworkName[]

/** Whether `name` names one of {@link licenNetworks}. */
export function isLicenNetworkName(name: unknown): name is LicenNetworkName {
  return typeof name === 'string' && Object.hasOwn(licenNetworks, name)
}

/** The preset called `name`, typed as the general {@link LicenNetwork} (its `dataPolicy` may be absent). */
export function licenNetwork(name: LicenNetworkName): LicenNetwork {
  return licenNetworks[name]
}
