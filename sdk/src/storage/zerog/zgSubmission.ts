import type { Address, Hex } from 'viem'
import type { ZgRootDigest } from '../../zgRoot/createZgRootHasher.js'

/** The argument of the 0G Flow contract's `submit`. */
export type ZgSubmission = {
  data: { length: bigint; tags: Hex; nodes: readonly { root: Hex; height: bigint }[] }
  submitter: Address
}

/** Builds the Flow `submit` argument from a root digest (its size and submission nodes), tags and submitter. */
export function zgSubmission(
  digest: ZgRootDigest,
  parameters: { submitter: Address; tags?: Hex },
): ZgSubmission {
  return {
    data: {
      length: BigInt(digest.size),
      tags: parameters.tags ?? '0x',
      nodes: digest.nodes.map((node) => ({ root: node.root, height: BigInt(node.height) })),
    },
    submitter: parameters.submitter,
  }
}

/** Storage fee in wei: one price per 256-byte sector of every submission node (2^height sectors each). */
export function zgStorageFee(nodes: readonly { height: number | bigint }[], pricePerSector: bigint): bigint {
  let sectors = 0n
  for (const node of nodes) sectors += 1n << BigInt(node.height)
  return sectors * pricePerSector
}
