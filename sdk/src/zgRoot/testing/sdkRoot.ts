import { MemData } from '@0gfoundation/0g-ts-sdk'

/** The reference root: `new MemData(bytes).merkleTree()` of the 0G TypeScript SDK. */
export async function sdkRoot(bytes: Uint8Array): Promise<string> {
  const [tree, error] = await new MemData(bytes).merkleTree()
  if (error || !tree) throw error ?? new Error('0G SDK returned no tree')
  const root = tree.rootHash()
  if (!root) throw new Error('0G SDK returned no root')
  return root
}

/** The segment roots (leaves of the top tree) of `new MemData(bytes).merkleTree()`. */
export async function sdkSegmentRoots(bytes: Uint8Array): Promise<string[]> {
  const [tree, error] = await new MemData(bytes).merkleTree()
  if (error || !tree) throw error ?? new Error('0G SDK returned no tree')
  return tree.leaves.map((leaf) => leaf.hash)
}
