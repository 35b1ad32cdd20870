import { MemData } from '@0gfoundation/0g-ts-sdk'
import { describe, expect, test } from 'vitest'
import { SEGMENT_SIZE } from '../../zgRoot/constants.js'
import { createZgRootHasher } from '../../zgRoot/createZgRootHasher.js'
import { randomBytes } from '../../zgRoot/testing/randomBytes.js'
import { zgSegmentTree } from './zgSegmentTree.js'

describe('zgSegmentTree', () => {
  test('default: same root and segment proofs as the tree the 0G SDK builds itself', async () => {
    for (const size of [100, 5 * SEGMENT_SIZE + 3, 17 * SEGMENT_SIZE + 1]) {
      const bytes = randomBytes(size, size)
      const hasher = await createZgRootHasher({ collectSegmentRoots: true })
      await hasher.update(bytes)
      const digest = await hasher.digest()
      const ours = await zgSegmentTree(digest.segmentRoots!)
      const [theirs] = await new MemData(bytes).merkleTree()
      expect(ours.rootHash()).toBe(digest.root)
      expect(ours.rootHash()).toBe(theirs!.rootHash())
      for (let i = 0; i < theirs!.leaves.length; i++) {
        expect(ours.proofAt(i), `size ${size} segment ${i}`).toEqual(theirs!.proofAt(i))
      }
    }
  })
})
