import { describe, expect, test } from 'vitest'
import { parseAppConfig } from './appConfig.js'

const valid = {
  chain: { id: 31337, name: 'LICEN devnet', rpcUrl: 'http://127.0.0.1:8545/' },
  dataPolicy: { address: '0x5fbdb2315678afecb367f032d93f642f64180aa3', deploymentBlock: 1 },
  indexerUrl: 'http://127.0.0.1:42069/graphql',
  storage: { backend: 'local', url: 'http://127.0.0.1:8790' },
  orchestratorUrl: 'http://127.0.0.1:8788',
  attestationPoliciesUrl: 'http://127.0.0.1:8790/policies/',
  devWallet: true,
}

describe('parseAppConfig', () => {
  test('default', () => {
    expect(parseAppConfig(valid)).toEqual({
      chain: {
        id: 31337,
        name: 'LICEN devnet',
        rpcUrl: 'http://127.0.0.1:8545',
        nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      },
      dataPolicy: { address: '0x5FbDB2315678afecb367f032d93F642f64180aa3', deploymentBlock: 1 },
      indexerUrl: 'http://127.0.0.1:42069/graphql',
      storage: { backend: 'local', url: 'http://127.0.0.1:8790' },
      orchestratorUrl: 'http://127.0.0.1:8788',
      attestationPoliciesUrl: 'http://127.0.0.1:8790/policies',
      devWallet: true,
    })
  })

  test('args: zerog storage with a pinned flow address and a release key', () => {
    const config = parseAppConfig({
      ...valid,
      chain: { ...valid.chain, id: 16661, name: '0G' },
      devWallet: false,
      storage: {
        backend: 'zerog',
        url: 'https://indexer.example',
        flowAddress: '0x62d4144db0f0a6fbbaeb6296c785c71b3d57c526',
      },
      releasePublicKey: `0x02${'AB'.repeat(32)}`,
    })
    expect(config.storage).toEqual({
      backend: 'zerog',
      url: 'https://indexer.example',
      flowAddress: '0x62D4144dB0F0a6fBBaeb6296c785C71B3D57C526',
    })
    expect(config.releasePublicKey).toBe(`0x02${'ab'.repeat(32)}`)
  })

  test('behavior: devWallet defaults to false', () => {
    const { devWallet: _, ...rest } = valid
    expect(parseAppConfig(rest).devWallet).toBe(false)
  })

  test('error: dev wallet outside the local devnet', () => {
    expect(() =>
      parseAppConfig({ ...valid, chain: { ...valid.chain, id: 1 } }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [LicenAppError: The network configuration (config.json) is invalid.

      Details: devWallet: devWallet is only allowed on the local devnet (chain id 31337)]
    `)
  })

  test('error: unknown keys, bad address and non-http URL', () => {
    try {
      parseAppConfig({
        ...valid,
        extra: 1,
        dataPolicy: { address: '0x1234', deploymentBlock: 0 },
        indexerUrl: 'ftp://x',
      })
      expect.unreachable()
    } catch (error) {
      expect(error).toMatchObject({
        code: 'CONFIG_INVALID',
        details:
          'dataPolicy.address: must be a 20-byte hex address; indexerUrl: must be an http(s) URL; (root): Unrecognized key: "extra"',
      })
    }
  })

  test('error: release key that is not compressed', () => {
    expect(() => parseAppConfig({ ...valid, releasePublicKey: `0x04${'11'.repeat(64)}` })).toThrow(
      expect.objectContaining({
        details: 'releasePublicKey: must be a 33-byte compressed secp256k1 public key',
      }),
    )
  })
})
