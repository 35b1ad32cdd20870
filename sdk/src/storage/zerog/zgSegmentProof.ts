import { keccak_256 } from '@noble/hashes/sha3'
import { bytesToHex, type Hex, hexToBytes } from 'viem'
import { CHUNK_SIZE, SEGMENT_CHUNKS, SEGMENT_HEIGHT, SEGMENT_SIZE } from '../../zgRoot/constants.js'
import { paddedChunkCount } from '../../zgRoot/paddedChunkCount.js'
import { zgRoot } from '../../zgRoot/zgRoot.js'

/** A 0G file proof whose leaf is a segment root: `lemma` = [leaf, siblings bottom-up…, root], `path[i]` = "we are left". */
export type ZgSegmentProof = { lemma: Hex[]; path: boolean[] }

/** How a file of `size` bytes splits into segments, as a 0G storage node counts them. */
export type ZgSegmentLayout = {
  /** Segments holding file bytes (the node's upload and download index range). */
  segments: number
  /** Segments of the flow-padded file: the leaves of the proof tree. */
  proofSegments: number
  /** Bytes of segment `index` on the wire: full segments, and the last one padded to whole chunks. */
  wireBytes(index: number): number
  /** Bytes segment `index` is zero-extended to before its root is taken (flow padding). */
  proofBytes(index: number): number
}

/** The segment layout of a `size`-byte file (`split_file_into_segments` and `compute_segment_size` of the node). */
export function zgSegmentLayout(size: number): ZgSegmentLayout {
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError('size must be a positive safe integer')
  const chunks = Math.ceil(size / CHUNK_SIZE)
  const padded = paddedChunkCount(chunks)
  const segments = Math.ceil(chunks / SEGMENT_CHUNKS)
  const proofSegments = Math.ceil(padded / SEGMENT_CHUNKS)
  return {
    segments,
    proofSegments,
    wireBytes: (index) =>
      index < segments - 1 ? SEGMENT_SIZE : (chunks - (segments - 1) * SEGMENT_CHUNKS) * CHUNK_SIZE,
    proofBytes: (index) =>
      index < proofSegments - 1 ? SEGMENT_SIZE : (padded - (proofSegments - 1) * SEGMENT_CHUNKS) * CHUNK_SIZE,
  }
}

const hashPair = (left: Uint8Array, right: Uint8Array) => {
  const buffer = new Uint8Array(64)
  buffer.set(left)
  buffer.set(right, 32)
  return keccak_256(buffer)
}

const zeroHashes: Uint8Array[] = []
/** Root of 2^height zero chunks (the node's `ZERO_HASHES[height]`). */
function zeroHash(height: number): Uint8Array {
  if (zeroHashes.length === 0) zeroHashes.push(keccak_256(new Uint8Array(CHUNK_SIZE)))
  while (zeroHashes.length <= height) {
    const below = zeroHashes[zeroHashes.length - 1]!
    zeroHashes.push(hashPair(below, below))
  }
  return zeroHashes[height]!
}

/** Root of one segment's wire bytes, zero-extended to `proofBytes` (what a node recomputes from an upload). */
export async function zgSegmentRoot(data: Uint8Array, proofBytes: number): Promise<Hex> {
  if (data.length === proofBytes) return (await zgRoot(data, { workers: 0 })).root
  const extended = new Uint8Array(proofBytes)
  extended.set(data.subarray(0, proofBytes))
  return (await zgRoot(extended, { workers: 0 })).root
}

/** The path bits of leaf `index` among `leaves` in 0G's tree (an unpaired last node moves up without a sibling). */
function expectedPath(index: number, leaves: number): boolean[] {
  const path: boolean[] = []
  for (let i = index, n = leaves; n > 1; i = Math.floor(i / 2), n = Math.ceil(n / 2)) {
    if (i % 2 === 1) path.push(false)
    else if (i + 1 < n) path.push(true)
  }
  return path
}

/** The proof tree over every padded segment root of a file; proofs for uploads and for serving downloads. */
export function zgSegmentProofTree(segmentRoots: readonly Hex[]): {
  root: Hex
  proof(index: number): ZgSegmentProof
} {
  if (segmentRoots.length === 0) throw new RangeError('a proof tree needs at least one segment')
  const levels: Uint8Array[][] = [segmentRoots.map((root) => hexToBytes(root))]
  while (levels[levels.length - 1]!.length > 1) {
    const below = levels[levels.length - 1]!
    const level: Uint8Array[] = []
    for (let i = 0; i < below.length; i += 2)
      level.push(i + 1 < below.length ? hashPair(below[i]!, below[i + 1]!) : below[i]!)
    levels.push(level)
  }
  const root = bytesToHex(levels[levels.length - 1]![0]!)
  return {
    root,
    proof(index) {
      if (!Number.isSafeInteger(index) || index < 0 || index >= segmentRoots.length)
        throw new RangeError('segment index out of range')
      if (segmentRoots.length === 1) return { lemma: [root], path: [] }
      const lemma: Hex[] = [segmentRoots[index]!]
      const path: boolean[] = []
      let i = index
      for (const level of levels.slice(0, -1)) {
        if (i % 2 === 1) {
          lemma.push(bytesToHex(level[i - 1]!))
          path.push(false)
        } else if (i + 1 < level.length) {
          lemma.push(bytesToHex(level[i + 1]!))
          path.push(true)
        }
        i = Math.floor(i / 2)
      }
      lemma.push(root)
      return { lemma, path }
    },
  }
}

/**
 * Checks a segment proof the way a 0G storage node does: lemma/path shape, leaf = segment root, fold = file root,
 * the path's position = `index`, and siblings wholly in the flow padding = the all-zero subtree. Returns what is
 * wrong, or undefined.
 */
export function zgCheckSegmentProof(parameters: {
  root: Hex
  segmentRoot: Hex
  index: number
  size: number
  proof: ZgSegmentProof
}): string | undefined {
  const { proof, index, size } = parameters
  const layout = zgSegmentLayout(size)
  if (!Array.isArray(proof?.lemma) || !Array.isArray(proof?.path)) return 'invalid proof'
  if (proof.path.length === 0 ? proof.lemma.length !== 1 : proof.lemma.length !== proof.path.length + 2)
    return 'invalid proof'
  if (!proof.lemma.every((hash) => typeof hash === 'string' && /^0x[0-9a-fA-F]{64}$/.test(hash)))
    return 'invalid proof'
  if (!proof.path.every((bit) => typeof bit === 'boolean')) return 'invalid proof'
  if (proof.lemma[0]!.toLowerCase() !== parameters.segmentRoot.toLowerCase()) return 'validation failed'
  if (proof.lemma[proof.lemma.length - 1]!.toLowerCase() !== parameters.root.toLowerCase())
    return 'validation failed'
  const expected = expectedPath(index, layout.proofSegments)
  if (expected.length !== proof.path.length || expected.some((bit, i) => bit !== proof.path[i]))
    return 'proof position mismatch'
  let hash = hexToBytes(proof.lemma[0]!)
  for (let i = 0; i < proof.path.length; i++) {
    const sibling = hexToBytes(proof.lemma[i + 1]!)
    hash = proof.path[i] ? hashPair(hash, sibling) : hashPair(sibling, hash)
  }
  if (bytesToHex(hash) !== parameters.root.toLowerCase()) return 'validation failed'
  // From the root down: a right sibling wholly past the file's segments must be the all-zero subtree.
  let left = layout.proofSegments
  let position = 0
  for (let i = proof.path.length - 1; i >= 0; i--) {
    let subtree = 1
    while (subtree * 2 < left) subtree *= 2
    const right = left - subtree
    if (!proof.path[i]) {
      position += subtree
      left = right
      continue
    }
    left = subtree
    // The node compares with ZERO_HASHES[depth of the left half]; that is the sibling's root only when the
    // sibling is as large (always so for honest padding), so a smaller one is not failed here.
    if (position + subtree >= layout.segments && right === subtree) {
      const depth = Math.log2(subtree) + SEGMENT_HEIGHT
      if (proof.lemma[i + 1]!.toLowerCase() !== bytesToHex(zeroHash(depth)))
        return 'invalid proof node value in the padding range'
    }
  }
  return undefined
}
