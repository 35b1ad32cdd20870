import type { MerkleTree } from '@0gfoundation/0g-ts-sdk'
import type { Hex } from 'viem'

/**
 * The 0G SDK's MerkleTree over precomputed segment roots (from `collectSegmentRoots`), so its segment uploader
 * gets its proofs without re-hashing the file at the SDK's speed.
 */
export async function zgSegmentTree(segmentRoots: readonly Hex[]): Promise<MerkleTree> {
  const { MerkleTree } = await import('@0gfoundation/0g-ts-sdk')
  const tree = new MerkleTree()
  for (const root of segmentRoots) tree.addLeafByHash(root)
  tree.build()
  return tree
}
