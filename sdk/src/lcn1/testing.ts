// Helpers shared by the LCN1 tests (Node and Chromium); not exported from the package.
import { collectStream } from './collectStream.js'

/** Deterministic test plaintext: byte i = (7i + 3) mod 251 (the same rule as the frozen vectors). */
export function patternBytes(length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) out[i] = (i * 7 + 3) % 251
  return out
}

/** A stream that yields `bytes` in pieces of the given sizes (cycled), to exercise every chunk boundary. */
export function streamOf(bytes: Uint8Array, pieceSizes: readonly number[] = [bytes.length || 1]) {
  let offset = 0
  let turn = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close()
        return
      }
      const size = Math.max(1, pieceSizes[turn++ % pieceSizes.length]!)
      controller.enqueue(bytes.slice(offset, offset + size))
      offset += size
    },
  })
}

/** Pipes `bytes` through `transform` and collects the output, or returns the error the stream failed with. */
export async function run(
  bytes: Uint8Array,
  transform: TransformStream<Uint8Array, Uint8Array>,
  pieceSizes?: readonly number[],
): Promise<Uint8Array | { code: string; chunkIndex: number | undefined }> {
  try {
    return await collectStream(streamOf(bytes, pieceSizes).pipeThrough(transform))
  } catch (error) {
    const { code, chunkIndex } = error as { code: string; chunkIndex: number | undefined }
    return { code, chunkIndex }
  }
}

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}
