import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex } from '@noble/hashes/utils'
import { type AdapterFileEntry, encodeAdapterContainerHeader } from './adapterContainerHeader.js'
import { ResultError } from './ResultError.js'

/** A file to put into an adapter container: its header entry plus a way to stream its bytes once. */
export type AdapterFileSource = AdapterFileEntry & {
  open: () => ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Iterable<Uint8Array>
}

async function* chunksOf(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  if (typeof (source as ReadableStream<Uint8Array>).getReader === 'function') {
    const reader = (source as ReadableStream<Uint8Array>).getReader()
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return
        yield value
      }
    } finally {
      reader.releaseLock()
    }
  }
  yield* source as AsyncIterable<Uint8Array> | Iterable<Uint8Array>
}

/**
 * Streams an LCNA adapter container (`"LCNA" ‖ version ‖ u32be headerLength ‖ header ‖ files in order`). Each
 * file's bytes are checked against its declared size and sha256 as they pass; a mismatch errors the stream with
 * `ADAPTER_FILE_MISMATCH`, so the header never describes bytes other than those that follow it.
 */
export function createAdapterContainerStream(
  files: readonly AdapterFileSource[],
): ReadableStream<Uint8Array> {
  const header = encodeAdapterContainerHeader(files)
  async function* generate(): AsyncGenerator<Uint8Array> {
    yield header
    for (const file of files) {
      const hash = sha256.create()
      let size = 0
      for await (const chunk of chunksOf(file.open())) {
        size += chunk.length
        if (size > file.size) break
        hash.update(chunk)
        yield chunk
      }
      const digest = bytesToHex(hash.digest())
      if (size !== file.size || digest !== file.sha256) {
        throw new ResultError(`Adapter file ${file.name} changed while being packed.`, {
          code: 'ADAPTER_FILE_MISMATCH',
          details: `declared ${file.size} bytes, read ${size}${size === file.size ? ' (hash differs)' : ''}`,
        })
      }
    }
  }
  const iterator = generate()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next()
      if (done) controller.close()
      else controller.enqueue(value)
    },
    async cancel() {
      await iterator.return(undefined)
    },
  })
}
