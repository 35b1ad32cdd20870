import { dataPolicyAbi } from '@licen/contracts'
import { afterAll, describe, expect, test } from 'vitest'
import { advanceChainTime } from './advanceChainTime.js'
import { type AnvilChain, startAnvilChain, startDataPolicyChain } from './anvilChain.js'

const started: AnvilChain[] = []
afterAll(async () => {
  for (const chain of started.splice(0)) await chain.stop()
})

describe('startDataPolicyChain', () => {
  test('default: DataPolicy deployed by anvil account 0, clients on the same chain', async () => {
    const chain = await startDataPolicyChain()
    started.push(chain)
    expect([chain.chainId, chain.chain.id, chain.deployment.chainId]).toEqual([31_337, 31_337, 31_337])
    expect(chain.dataPolicy).toBe(chain.deployment.address)
    expect(chain.chain.rpcUrls.default.http).toEqual([chain.rpcUrl])
    expect(chain.publicClient.pollingInterval).toBe(50)
    expect(chain.wallet(0).account.address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')
    expect(chain.wallet(9).account.address).toBe('0xa0Ee7A142d267C1f36714E4a8F75612F20a79720')
    const owner = await chain.publicClient.readContract({
      address: chain.dataPolicy,
      abi: dataPolicyAbi,
      functionName: 'owner',
    })
    expect(owner).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')
  })

  test('error: anvil has ten dev accounts', async () => {
    const chain = await startAnvilChain()
    started.push(chain)
    expect(() => chain.wallet(10)).toThrow(new RangeError('anvil has dev accounts 0 to 9, not 10'))
  })
})

describe('startAnvilChain', () => {
  test('args: chainId', async () => {
    const chain = await startAnvilChain({ chainId: 4_242 })
    started.push(chain)
    expect([chain.chainId, chain.chain.id, await chain.publicClient.getChainId()]).toEqual([
      4_242, 4_242, 4_242,
    ])
  })

  test('args: pollingIntervalMs', async () => {
    const chain = await startAnvilChain({ pollingIntervalMs: 20 })
    started.push(chain)
    expect(chain.publicClient.pollingInterval).toBe(20)
  })
})

describe('advanceChainTime', () => {
  test('default: the next block is mined `seconds` later', async () => {
    const chain = await startAnvilChain()
    started.push(chain)
    const before = await chain.publicClient.getBlock()
    await advanceChainTime(chain.rpcUrl, 3_601)
    const after = await chain.publicClient.getBlock()
    expect(after.number).toBe(before.number + 1n)
    expect(after.timestamp - before.timestamp).toBeGreaterThanOrEqual(3_601n)
    expect(after.timestamp - before.timestamp).toBeLessThan(3_601n + 5n)
  })

  test('error: a JSON-RPC error is thrown with the method', async () => {
    const chain = await startAnvilChain()
    started.push(chain)
    await expect(advanceChainTime(chain.rpcUrl, -1)).rejects.toThrow(/^evm_increaseTime: /)
  })
})
