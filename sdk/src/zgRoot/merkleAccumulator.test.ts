import { keccak_256 } from '@noble/hashes/sha3'
import { bytesToHex, stringToBytes } from 'viem'
import { describe, expect, test } from 'vitest'
import { MerkleAccumulator } from './merkleAccumulator.js'

const hashPair = (left: Uint8Array, right: Uint8Array) => {
  const buffer = new Uint8Array(64)
  buffer.set(left)
  buffer.set(right, 32)
  return keccak_256(buffer)
}
const leaf = (i: number) => keccak_256(stringToBytes(`chunk data - ${i}`))

function rootOf(count: number): string | undefined {
  const acc = new MerkleAccumulator(hashPair)
  for (let i = 0; i < count; i++) acc.append(leaf(i))
  const root = acc.root()
  return root && bytesToHex(root)
}

// Independent reference: the level-by-level builder with the unpaired node promoted.
function levelRoot(leaves: Uint8Array[]): Uint8Array {
  let level = leaves
  while (level.length > 1) {
    const next: Uint8Array[] = []
    for (let i = 0; i + 1 < level.length; i += 2) next.push(hashPair(level[i]!, level[i + 1]!))
    if (level.length % 2 === 1) next.push(level.at(-1)!)
    level = next
  }
  return level[0]!
}

describe('MerkleAccumulator', () => {
  test('default: upstream vectors (0G TS SDK NeuraMerkleTree tests)', () => {
    expect(rootOf(2)).toBe('0xe733f492cef3dbbf28ba4584ca5a35d3e87604a6ad16ff9f10970af2c467b056')
    expect(rootOf(3)).toBe('0x6f5d8d4ca0790ea245a280ece40fb7493d5f957b8d42931e3326ba3fd0c86e41')
    expect(rootOf(4)).toBe('0x2418ddec22d6fb98525835c9876a95db78491cc3430df47a9ed4b2a337c5452c')
    expect(rootOf(5)).toBe('0x2dea03c693750777940bcd0cc3f5d93543c075fa3b9a07b9fd86ec8fbaf6a8b2')
    expect(rootOf(6)).toBe('0x318c92000aefba6ebf570a8a6daa57aa643f04350ffbe583999ddd9e24ceb147')
    expect(rootOf(7)).toBe('0xca80116fb7fb8d6ef4a47e322f22e94ae8beb03e6fcbf8ab59c4d6f54fe42c4d')
    expect(rootOf(35)).toBe('0x209c511bf4349096c4951cb825bebbf219de745c2b36261bed8c64a105982912')
    expect(rootOf(36)).toBe('0xc8855b6bfb57c37673397678dd3199fbbe6cd3b0b4cda2800cfab298d271ae2a')
  })

  test('behavior: one leaf is its own root, none has no root', () => {
    expect(rootOf(1)).toBe(bytesToHex(leaf(0)))
    expect(rootOf(0)).toBeUndefined()
  })

  test('behavior: equals the level-by-level builder for 1..64 leaves and around 256', () => {
    const leaves = Array.from({ length: 300 }, (_, i) => leaf(i))
    for (const count of [...Array.from({ length: 64 }, (_, i) => i + 1), 127, 128, 129, 255, 256, 257, 300]) {
      expect(rootOf(count), `count ${count}`).toBe(bytesToHex(levelRoot(leaves.slice(0, count))))
    }
  })

  test('behavior: perfect subtrees appended by height equal their leaves appended one by one', () => {
    const acc = new MerkleAccumulator(hashPair)
    acc.append(levelRoot([leaf(0), leaf(1), leaf(2), leaf(3)]), 2)
    acc.append(leaf(4))
    acc.append(leaf(5))
    acc.append(levelRoot([leaf(6), leaf(7)]), 1)
    acc.append(leaf(8))
    expect(acc.leafCount).toBe(9)
    expect(bytesToHex(acc.root()!)).toBe(rootOf(9))
  })

  test('error: a subtree not aligned to the leaf count', () => {
    const acc = new MerkleAccumulator(hashPair)
    acc.append(leaf(0))
    expect(() => acc.append(leaf(1), 1)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: subtree is not aligned to the leaf count]`,
    )
  })
})
