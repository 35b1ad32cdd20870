import { type AnvilChain, startAnvilChain } from '@licen/testing'
import type { Address, PublicClient } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { deployFakeFlow } from './testing/fakeFlow.js'
import { startFakeZerogNetwork } from './testing/fakeZerogNetwork.js'
import { zerogPreflight } from './zerogPreflight.js'

const PRICE = 1_000_000_000n
let chain: AnvilChain
let publicClient: PublicClient
let flow: Address

beforeAll(async () => {
  chain = await startAnvilChain()
  publicClient = chain.publicClient
  flow = await deployFakeFlow(chain.wallet(0), publicClient, PRICE)
}, 60_000)
afterAll(async () => {
  await chain?.stop()
})

describe('zerogPreflight', () => {
  test('default: every step passes against the fake network', async () => {
    const net = await startFakeZerogNetwork({ publicClient, flowAddress: flow })
    try {
      const result = await zerogPreflight({
        publicClient,
        indexerUrl: net.indexerUrl,
        flowAddress: flow,
        chainId: 31_337,
        expectedReplica: 2,
      })
      expect(result).toEqual({
        ok: true,
        steps: [
          { step: 'chain', ok: true, detail: 'chain id 31337' },
          { step: 'market', ok: true, detail: 'price per sector 1000000000 wei' },
          {
            step: 'submit',
            ok: true,
            detail: 'submit of a 1-byte file with fee 1000000000 wei does not revert',
          },
          { step: 'indexer', ok: true, detail: '2 trusted nodes' },
          {
            step: 'nodes',
            ok: true,
            detail:
              '2 selected nodes answer and name the pinned Flow (2 over plain http: browsers on https pages need a gateway)',
          },
        ],
      })
    } finally {
      await net.close()
    }
  })

  test('error: a wrong chain id, a Flow without a market, too few nodes; each step reports', async () => {
    const net = await startFakeZerogNetwork({ publicClient, flowAddress: flow })
    try {
      const result = await zerogPreflight({
        publicClient,
        indexerUrl: net.indexerUrl,
        flowAddress: '0x0000000000000000000000000000000000000001',
        chainId: 16_602,
        expectedReplica: 3,
      })
      expect(result.ok).toBe(false)
      expect(result.steps.map(({ step, ok }) => [step, ok])).toEqual([
        ['chain', false],
        ['market', false],
        ['submit', false],
        ['indexer', true],
        ['nodes', false],
      ])
      expect(result.steps[0]!.detail).toBe('chain id 31337, expected 16602')
      expect(result.steps[1]!.detail).toBe('STORAGE_ZEROG_FAILED: Could not read the 0G storage price.')
      expect(result.steps[2]!.detail).toBe('skipped: no price')
      expect(result.steps[4]!.detail).toBe(
        'STORAGE_ZEROG_FAILED: Too few 0G storage nodes for the replicas asked for. (2 of 3 replica sets from 2 trusted nodes)',
      )
    } finally {
      await net.close()
    }
  })
})
