import { zeroGGalileoTestnet, zeroGMainnet, zeroGTestnet } from 'viem/chains'
import { describe, expect, test } from 'vitest'
import { isLicenNetworkName, licenNetwork, licenNetworkNames, licenNetworks } from './networks.js'

describe('licenNetworks', () => {
  test('default: the three presets, their chains and storage', () => {
    expect(licenNetworkNames).toEqual(['devnet', 'galileo', 'mainnet'])
    expect(
      licenNetworkNames.map((name) => {
        const { chain, storage, dataPolicy } = licenNetwork(name)
        return [name, chain.id, chain.rpcUrl, chain.explorerUrl, storage, dataPolicy]
      }),
    ).toEqual([
      [
        'devnet',
        31_337,
        'http://127.0.0.1:8545',
        undefined,
        { backend: 'local', url: 'http://127.0.0.1:4001' },
        undefined,
      ],
      [
        'galileo',
        16_602,
        'https://evmrpc-testnet.0g.ai',
        'https://chainscan-galileo.0g.ai',
        {
          backend: 'zerog',
          indexerUrl: 'https://indexer-storage-testnet-turbo.0g.ai',
          flowAddress: '0x22E03a6A89B950F1c82ec5e74F8eCa321a105296',
        },
        undefined,
      ],
      [
        'mainnet',
        16_661,
        'https://evmrpc.0g.ai',
        'https://chainscan.0g.ai',
        {
          backend: 'zerog',
          indexerUrl: 'https://indexer-storage-turbo.0g.ai',
          flowAddress: '0x62D4144dB0F0a6fBBaeb6296c785C71B3D57C526',
        },
        undefined,
      ],
    ])
  })

  test('behavior: the 0G chains agree with viem 2.57.20 (an independent source), never with the stale 16601', () => {
    for (const [preset, chain] of [
      [licenNetworks.galileo, zeroGTestnet],
      [licenNetworks.mainnet, zeroGMainnet],
    ] as const) {
      expect(preset.chain).toEqual({
        id: chain.id,
        name: chain.name,
        nativeCurrency: chain.nativeCurrency,
        rpcUrl: chain.rpcUrls.default.http[0],
        explorerUrl: chain.blockExplorers.default.url,
      })
    }
    expect(zeroGGalileoTestnet.id).toBe(16_601)
    expect(licenNetworks.galileo.unconfirmed).toEqual([
      'chain id (older documents say 16601)',
      'Flow address',
    ])
    expect(licenNetworks.mainnet.unconfirmed).toEqual([
      'indexer URL (third-party sources only)',
      'Flow address',
    ])
  })

  test('behavior: isLicenNetworkName accepts the presets only (not inherited keys)', () => {
    expect(['devnet', 'galileo', 'mainnet', 'sepolia', 'toString', '', 1].map(isLicenNetworkName)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ])
  })
})
