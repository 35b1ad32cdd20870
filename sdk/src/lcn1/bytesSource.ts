/** A byte stream over `bytes` in 1 MiB views (no copy; faster than Blob.stream() in Node). */
export function bytesSource(bytes: Uint8Array): ReadableStream<Uint8Array> {
  const piece = 1024 * 1024
  let offset = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close()
        return
      }
      controller.enqueue(bytes.subarray(offset, offset + piece))
      offset += piece
    },
  })
}
