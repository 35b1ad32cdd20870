import { readBounded } from '../http/readBounded.js'

/** Reads a byte stream to its end and concatenates it; rejects if the stream errors. */
export function collectStream(stream: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  // No cap: every caller collects a transform of bytes it already holds in memory, which bounds the output. What
  // arrived before a failure may be plaintext, so it is wiped rather than left lying in memory.
  return readBounded(stream, { maxBytes: Number.POSITIVE_INFINITY, wipeOnError: true })
}
