import type { Hex } from 'viem'
import { describe, expect, test } from 'vitest'
import { createDatasetNameCache } from './datasetNames.js'

const root = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex

describe('createDatasetNameCache', () => {
  test('default: loads each root once, whatever its case', async () => {
    const loads: Hex[] = []
    const cache = createDatasetNameCache(async (r) => {
      loads.push(r)
      return `name of ${BigInt(r)}`
    })
    const upper = `0x${'AB'.repeat(32)}` as Hex
    expect(await cache.get(root(1))).toBe('name of 1')
    expect(await cache.get(root(1))).toBe('name of 1')
    expect(await cache.get(upper)).toBe(`name of ${BigInt(upper)}`)
    expect(await cache.get(upper.toLowerCase() as Hex)).toBe(`name of ${BigInt(upper)}`)
    expect(loads).toEqual([root(1), upper])
  })

  test('behavior: remembered names are not loaded', async () => {
    const cache = createDatasetNameCache(async () => {
      throw new Error('not expected')
    })
    cache.remember(root(2), 'arithmetic')
    expect(await cache.get(root(2))).toBe('arithmetic')
  })

  test('behavior: a failed load is tried again', async () => {
    let calls = 0
    const cache = createDatasetNameCache(async () => {
      calls++
      if (calls === 1) throw new Error('storage down')
      return 'arithmetic'
    })
    await expect(cache.get(root(3))).rejects.toThrow('storage down')
    expect(await cache.get(root(3))).toBe('arithmetic')
    expect(calls).toBe(2)
  })

  test('args: bounded to maxEntries, oldest first out', async () => {
    const loads: number[] = []
    const cache = createDatasetNameCache(async (r) => {
      loads.push(Number(BigInt(r)))
      return String(BigInt(r))
    }, 2)
    await cache.get(root(1))
    await cache.get(root(2))
    await cache.get(root(3))
    await cache.get(root(2))
    await cache.get(root(1))
    expect(loads).toEqual([1, 2, 3, 1])
  })
})
