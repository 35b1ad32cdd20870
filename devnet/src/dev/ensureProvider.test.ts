// ensureProvider against DataPolicy on anvil: the first call registers (the id from the ProviderRegistered event),
// a second with the same terms changes nothing, and new terms update the same provider.
import { readProvider } from '@licen/sdk'
import { startDataPolicyChain } from '@licen/testing'
import { afterAll, describe, expect, test } from 'vitest'
import { devAccount } from './accounts.js'
import { ensureProvider } from './ensureProvider.js'
import { publicClientFor } from './wallets.js'

const chain = await startDataPolicyChain()
afterAll(() => chain.stop())

const base = { rpcUrl: chain.rpcUrl, dataPolicy: chain.dataPolicy, fromBlock: 0n, role: 'operator' as const }

describe('ensureProvider', () => {
  test('default: registers, then keeps, then updates the same provider', async () => {
    const terms = { endpoint: 'http://127.0.0.1:1', pricePerEpoch: 1_000n }
    expect(await ensureProvider({ ...base, ...terms })).toEqual({ providerId: 1, change: 'registered' })
    expect(await ensureProvider({ ...base, ...terms })).toEqual({ providerId: 1, change: 'unchanged' })
    expect(await ensureProvider({ ...base, endpoint: 'http://127.0.0.1:2', pricePerEpoch: 2_000n })).toEqual({
      providerId: 1,
      change: 'updated',
    })
    expect(
      await readProvider(publicClientFor(chain.rpcUrl), { address: chain.dataPolicy, providerId: 1 }),
    ).toEqual({
      providerId: 1,
      operator: devAccount('operator').address,
      endpoint: 'http://127.0.0.1:2',
      pricePerEpoch: 2_000n,
      active: true,
    })
  })
})
