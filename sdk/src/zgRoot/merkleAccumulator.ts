/** Hashes two 32-byte nodes into their parent. */
export type HashPair = (left: Uint8Array, right: Uint8Array) => Uint8Array

type Peak = { height: number; hash: Uint8Array }

/**
 * Builds a 0G-style Merkle root incrementally: leaves paired left to right level by level, an unpaired last node
 * promoted unhashed. That tree's root equals hash(root of the first 2^k leaves, root of the rest) for the largest
 * 2^k below the leaf count, so a stack of perfect subtrees ("peaks") folded from the right at the end gives it.
 */
export class MerkleAccumulator {
  readonly #peaks: Peak[] = []
  readonly #hashPair: HashPair
  #leaves = 0

  constructor(hashPair: HashPair) {
    this.#hashPair = hashPair
  }

  /** Number of leaves appended so far (a perfect subtree of height h counts 2^h). */
  get leafCount(): number {
    return this.#leaves
  }

  /** Appends the root of a perfect subtree of 2^height leaves; the leaf count must be a multiple of 2^height. */
  append(hash: Uint8Array, height = 0): void {
    const span = 2 ** height
    if (this.#leaves % span !== 0) throw new RangeError('subtree is not aligned to the leaf count')
    let node: Peak = { height, hash }
    for (let top = this.#peaks.at(-1); top && top.height === node.height; top = this.#peaks.at(-1)) {
      this.#peaks.pop()
      node = { height: node.height + 1, hash: this.#hashPair(top.hash, node.hash) }
    }
    this.#peaks.push(node)
    this.#leaves += span
  }

  /** The perfect subtrees so far, largest first: with flow padding these are the 0G submission nodes. */
  peaks(): { height: number; hash: Uint8Array }[] {
    return this.#peaks.map((peak) => ({ ...peak }))
  }

  /** Root of the tree over the leaves so far, or undefined when there are none. */
  root(): Uint8Array | undefined {
    let acc: Uint8Array | undefined
    for (let i = this.#peaks.length - 1; i >= 0; i--) {
      const peak = this.#peaks[i]!.hash
      acc = acc === undefined ? peak : this.#hashPair(peak, acc)
    }
    return acc
  }
}
