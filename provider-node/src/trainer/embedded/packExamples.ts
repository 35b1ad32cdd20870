import type { Example } from '../../dataset/parseExample.js'
import { tokenizeExample } from './byteTokenizer.js'

/** Tokenized examples packed into flat buffers (transferable to a worker): example i is `offsets[i]..offsets[i+1]`. */
export type PackedExamples = {
  ids: Uint16Array
  learned: Uint8Array
  offsets: Uint32Array
}

/** Number of examples in a pack. */
export const packedCount = (packed: PackedExamples): number => packed.offsets.length - 1

/**
 * Tokenizes examples from a stream into flat buffers, keeping at most `maxTokens` tokens per example. Checks
 * `shouldStop` between examples and returns `undefined` when it says so.
 */
export async function packExamples(
  examples: AsyncIterable<Example>,
  maxTokens: number,
  shouldStop: () => boolean = () => false,
): Promise<PackedExamples | undefined> {
  let ids = new Uint16Array(1 << 16)
  let learned = new Uint8Array(1 << 16)
  const offsets: number[] = [0]
  let length = 0
  for await (const example of examples) {
    if (shouldStop()) return undefined
    const tokenized = tokenizeExample(example, maxTokens)
    if (length + tokenized.ids.length > ids.length) {
      const capacity = Math.max(ids.length * 2, length + tokenized.ids.length)
      ids = grow(ids, new Uint16Array(capacity))
      learned = grow(learned, new Uint8Array(capacity))
    }
    ids.set(tokenized.ids, length)
    learned.set(tokenized.learned, length)
    length += tokenized.ids.length
    offsets.push(length)
  }
  if (shouldStop()) return undefined
  return { ids: ids.slice(0, length), learned: learned.slice(0, length), offsets: Uint32Array.from(offsets) }
}

function grow<T extends Uint16Array | Uint8Array>(from: T, to: T): T {
  to.set(from)
  return to
}
