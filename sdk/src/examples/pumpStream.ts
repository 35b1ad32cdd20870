/** Progress and cancellation of {@link pumpStream}. */
export type PumpStreamOptions = {
  /** Called after each chunk with the bytes read so far. */
  onProgress?: ((bytes: number) => void) | undefined
  /** Stops reading between chunks; the read then rejects with `signal.reason`. */
  signal?: AbortSignal | undefined
}

/**
 * Feeds every chunk of a byte stream to `onChunk`, in order, reporting progress; on an abort or an error from
 * `onChunk` the stream is cancelled and the error rethrown.
 */
export async function pumpStream(
  stream: ReadableStream<Uint8Array>,
  onChunk: (chunk: Uint8Array) => void,
  { onProgress, signal }: PumpStreamOptions = {},
): Promise<void> {
  const reader = stream.getReader()
  let bytes = 0
  try {
    for (;;) {
      signal?.throwIfAborted()
      const { done, value } = await reader.read()
      if (done) break
      onChunk(value)
      bytes += value.length
      onProgress?.(bytes)
    }
  } catch (error) {
    await reader.cancel().catch(() => {})
    throw error
  }
}
