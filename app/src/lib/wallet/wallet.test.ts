import { anvilPrivateKeys } from '@licen/contracts'
import { defineChain, recoverMessageAddress, recoverTypedDataAddress } from 'viem'
import { describe, expect, test } from 'vitest'
import { accountLabel } from './accountLabel.js'
import { devAccountRoles, devPrivateKey } from './devAccounts.js'
import { createKeyProvider } from './keyProvider.js'

const chain = defineChain({
  id: 31337,
  name: 'devnet',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: ['http://127.0.0.1:1'] } },
})

describe('devPrivateKey', () => {
  test('default', () => {
    // Cross-check: the mnemonic derivation gives anvil's own published keys.
    for (const { index } of devAccountRoles) expect(devPrivateKey(index)).toBe(anvilPrivateKeys[index])
  })
})

describe('accountLabel', () => {
  test('default: a dev wallet says its devnet role', () => {
    expect(accountLabel({ id: 'dev-wallet-1', name: 'Dev wallet #1 (dataset owner)' })).toBe(
      'dataset owner · dev wallet #1',
    )
    expect(accountLabel({ id: 'dev-wallet-2' })).toBe('researcher · dev wallet #2')
    expect(accountLabel({ id: 'dev-wallet-3' })).toBe('provider operator · dev wallet #3')
  })
  test('behavior: another wallet says its name, or nothing', () => {
    expect(accountLabel({ id: 'io.metamask', name: 'MetaMask' })).toBe('MetaMask')
    expect(accountLabel({ id: 'dev-wallet-9', name: '' })).toBeUndefined()
    expect(accountLabel({})).toBeUndefined()
  })
})

describe('createKeyProvider', () => {
  const provider = createKeyProvider({ privateKey: anvilPrivateKeys[2], chain, rpcUrl: 'http://127.0.0.1:1' })
  const address = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'

  test('default', async () => {
    expect(provider.account.address).toBe(address)
    expect(await provider.request({ method: 'eth_requestAccounts' })).toEqual([address])
    expect(await provider.request({ method: 'eth_chainId' })).toBe('0x7a69')
  })

  test('behavior: personal_sign signs the raw bytes', async () => {
    const signature = (await provider.request({
      method: 'personal_sign',
      params: ['0x68656c6c6f', address],
    })) as `0x${string}`
    expect(await recoverMessageAddress({ message: 'hello', signature })).toBe(address)
  })

  test('behavior: eth_signTypedData_v4 signs the JSON payload', async () => {
    const typed = {
      domain: { name: 'LICEN DataPolicy', version: '1', chainId: 31337 },
      types: {
        EIP712Domain: [
          { name: 'name', type: 'string' },
          { name: 'version', type: 'string' },
          { name: 'chainId', type: 'uint256' },
        ],
        Note: [{ name: 'text', type: 'string' }],
      },
      primaryType: 'Note',
      message: { text: 'hi' },
    } as const
    const signature = (await provider.request({
      method: 'eth_signTypedData_v4',
      params: [address, JSON.stringify(typed)],
    })) as `0x${string}`
    const { EIP712Domain: _, ...types } = typed.types
    expect(
      await recoverTypedDataAddress({
        domain: typed.domain,
        types,
        primaryType: 'Note',
        message: typed.message,
        signature,
      }),
    ).toBe(address)
  })

  test('error: signing for another account', async () => {
    await expect(
      provider.request({
        method: 'personal_sign',
        params: ['0x00', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'],
      }),
    ).rejects.toMatchObject({ code: 4100, message: 'The requested account is not this wallet.' })
  })

  test('error: switching to another chain', async () => {
    await expect(
      provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0x1' }] }),
    ).rejects.toMatchObject({ code: 4902 })
    expect(
      await provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0x7a69' }] }),
    ).toBe(null)
  })

  test('error: eth_sign is refused', async () => {
    await expect(provider.request({ method: 'eth_sign', params: [address, '0x00'] })).rejects.toMatchObject({
      code: 4200,
    })
  })
})
