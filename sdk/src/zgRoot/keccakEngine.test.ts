import { keccak_256 } from '@noble/hashes/sha3'
import { bytesToHex } from 'viem'
import { describe, expect, test } from 'vitest'
import { CHUNK_SIZE, SEGMENT_SIZE } from './constants.js'
import { createKeccakEngine } from './keccakEngine.js'
import { randomBytes } from './testing/randomBytes.js'

const hex = (bytes: Uint8Array, from: number, to: number) => bytesToHex(bytes.subarray(from, to))

describe.each(['wasm', 'js'] as const)('createKeccakEngine (%s)', (kind) => {
  test('default: leaf hashes equal keccak256 of each 256-byte chunk (odd and even counts)', async () => {
    const engine = await createKeccakEngine({ kind, stageSegments: 1 })
    expect(engine.kind).toBe(kind)
    const data = randomBytes(9 * CHUNK_SIZE, 7)
    engine.stage.set(data)
    for (const count of [1, 2, 9]) {
      const hashes = engine.stagedLeafHashes(count)
      expect(hashes.length).toBe(count * 32)
      for (let i = 0; i < count; i++) {
        expect(hex(hashes, i * 32, i * 32 + 32)).toBe(
          bytesToHex(keccak_256(data.subarray(i * 256, i * 256 + 256))),
        )
      }
    }
  })

  test('behavior: known vector, keccak256 of one zero chunk (EMPTY_CHUNK_HASH of the 0G SDK)', async () => {
    const engine = await createKeccakEngine({ kind, stageSegments: 1 })
    engine.stage.fill(0, 0, CHUNK_SIZE)
    expect(bytesToHex(engine.stagedLeafHashes(1))).toBe(
      '0xd397b3b043d87fcd6fad1291ff0bfd16401c274896d8c63a923727f077b8e0b5',
    )
  })

  test('behavior: pair hash equals keccak256(left ‖ right)', async () => {
    const engine = await createKeccakEngine({ kind, stageSegments: 1 })
    const pair = randomBytes(64, 3)
    expect(bytesToHex(engine.hashPair(pair.subarray(0, 32), pair.subarray(32)))).toBe(
      bytesToHex(keccak_256(pair)),
    )
  })

  test('behavior: segment roots equal a tree of keccak256 leaves', async () => {
    const engine = await createKeccakEngine({ kind, stageSegments: 3 })
    const data = randomBytes(3 * SEGMENT_SIZE, 11)
    engine.stage.set(data)
    const roots = engine.segmentRoots(3)
    for (let s = 0; s < 3; s++) {
      let level: Uint8Array[] = []
      for (let i = 0; i < 1024; i++) {
        const offset = s * SEGMENT_SIZE + i * 256
        level.push(keccak_256(data.subarray(offset, offset + 256)))
      }
      while (level.length > 1) {
        const next: Uint8Array[] = []
        for (let i = 0; i < level.length; i += 2) {
          const buffer = new Uint8Array(64)
          buffer.set(level[i]!)
          buffer.set(level[i + 1]!, 32)
          next.push(keccak_256(buffer))
        }
        level = next
      }
      expect(hex(roots, s * 32, s * 32 + 32)).toBe(bytesToHex(level[0]!))
    }
  })

  test('error: counts beyond the staging area', async () => {
    const engine = await createKeccakEngine({ kind, stageSegments: 1 })
    expect(() => engine.segmentRoots(2)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: count must be in [0, 1]]`,
    )
    expect(() => engine.stagedLeafHashes(1025)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: count must be in [0, 1024]]`,
    )
  })
})
