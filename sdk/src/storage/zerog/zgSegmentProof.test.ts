import { MemData } from '@0gfoundation/0g-ts-sdk'
import { describe, expect, test } from 'vitest'
import { SEGMENT_SIZE } from '../../zgRoot/constants.js'
import { createZgRootHasher } from '../../zgRoot/createZgRootHasher.js'
import { randomBytes } from '../../zgRoot/testing/randomBytes.js'
import { zgCheckSegmentProof, zgSegmentLayout, zgSegmentProofTree, zgSegmentRoot } from './zgSegmentProof.js'

describe('zgSegmentProof', () => {
  test('default: proofs equal the 0G SDK tree; every one passes the node check; segment roots recompute', async () => {
    // 17 segments + 1 byte pads to 18 proof segments: the last one is all flow padding.
    for (const size of [100, 5 * SEGMENT_SIZE + 3, 16 * SEGMENT_SIZE + 1]) {
      const bytes = randomBytes(size, size)
      const hasher = await createZgRootHasher({ collectSegmentRoots: true, workers: 0 })
      await hasher.update(bytes)
      const digest = await hasher.digest()
      const tree = zgSegmentProofTree(digest.segmentRoots!)
      const [theirs] = await new MemData(bytes).merkleTree()
      expect(tree.root).toBe(digest.root)
      const layout = zgSegmentLayout(size)
      expect(digest.segmentRoots!.length).toBe(layout.proofSegments)
      for (let i = 0; i < layout.proofSegments; i++) {
        const proof = tree.proof(i)
        const sdk = theirs!.proofAt(i)
        expect({ lemma: proof.lemma, path: proof.path }, `size ${size} segment ${i}`).toEqual({
          lemma: sdk.lemma,
          path: sdk.path,
        })
        if (i >= layout.segments) continue
        const wire = bytes.subarray(i * SEGMENT_SIZE, i * SEGMENT_SIZE + layout.wireBytes(i))
        const segmentRoot = await zgSegmentRoot(wire, layout.proofBytes(i))
        expect(segmentRoot).toBe(digest.segmentRoots![i])
        expect(zgCheckSegmentProof({ root: digest.root, segmentRoot, index: i, size, proof })).toBeUndefined()
      }
    }
  })

  test('args: layouts as the node splits files', () => {
    const layout = (size: number) => {
      const l = zgSegmentLayout(size)
      return [l.segments, l.proofSegments, l.wireBytes(l.segments - 1), l.proofBytes(l.proofSegments - 1)]
    }
    expect(layout(1)).toEqual([1, 1, 256, 256])
    expect(layout(300)).toEqual([1, 1, 512, 512])
    expect(layout(SEGMENT_SIZE)).toEqual([1, 1, SEGMENT_SIZE, SEGMENT_SIZE])
    expect(layout(SEGMENT_SIZE + 1)).toEqual([2, 2, 256, 128 * 256])
    expect(layout(16 * SEGMENT_SIZE + 1)).toEqual([17, 18, 256, SEGMENT_SIZE])
  })

  test('error: a wrong position, a wrong leaf, a non-zero padding sibling, a malformed proof', async () => {
    const size = 16 * SEGMENT_SIZE + 1
    const bytes = randomBytes(size, 5)
    const hasher = await createZgRootHasher({ collectSegmentRoots: true, workers: 0 })
    await hasher.update(bytes)
    const digest = await hasher.digest()
    const tree = zgSegmentProofTree(digest.segmentRoots!)
    const check = (index: number, proof = tree.proof(index), segmentRoot = digest.segmentRoots![index]!) =>
      zgCheckSegmentProof({ root: digest.root, segmentRoot, index, size, proof })
    expect(check(3, tree.proof(2), digest.segmentRoots![2])).toBe('proof position mismatch')
    expect(check(3, tree.proof(3), digest.segmentRoots![2])).toBe('validation failed')
    expect(check(0, { lemma: [digest.root], path: [] })).toBe('validation failed')
    expect(check(0, { lemma: [digest.segmentRoots![0]!, digest.root], path: [true] })).toBe('invalid proof')
    // A tree whose padding segment is not zero: the proof folds to its own root, but the node refuses the sibling.
    const lying = zgSegmentProofTree([...digest.segmentRoots!.slice(0, 17), digest.segmentRoots![0]!])
    expect(
      zgCheckSegmentProof({
        root: lying.root,
        segmentRoot: digest.segmentRoots![16]!,
        index: 16,
        size,
        proof: lying.proof(16),
      }),
    ).toBe('invalid proof node value in the padding range')
  })
})
