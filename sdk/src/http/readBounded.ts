import { BodyTooLargeError } from './BodyTooLargeError.js'

/** What `readBounded` reads: a fetch `Response` or `Request` (its declared length is checked first) or a bare stream. */
export type BoundedSource =
  | { headers: Headers; body: ReadableStream<Uint8Array> | null }
  | ReadableStream<Uint8Array>

export type ReadBoundedOptions = {
  /** Most bytes read; one byte more fails (the rest is not read and the stream is cancelled). */
  maxBytes: number
  /** Stops reading: the read rejects with the signal's reason. */
  signal?: AbortSignal | undefined
  /** Deadline for the whole read, in milliseconds (rejects with a `TimeoutError` DOMException). */
  timeoutMs?: number | undefined
  /** The error thrown past `maxBytes` (default: `BodyTooLargeError`), so callers keep their own codes. */
  tooLarge?: ((error: BodyTooLargeError) => unknown) | undefined
  /** Zero-fills what was read before a failure (bodies that may hold plaintext). */
  wipeOnError?: boolean | undefined
}

/**
 * Reads a body to its end, at most `maxBytes` (a larger declared `content-length` fails before reading), within an
 * optional deadline and cancellation. Errors of the stream itself and aborts pass through unchanged.
 */
export async function readBounded(
  source: BoundedSource,
  options: ReadBoundedOptions,
): Promise<Uint8Array<ArrayBuffer>> {
  const { maxBytes } = options
  const tooLarge = (declaredBytes?: number) => {
    const error = new BodyTooLargeError({ maxBytes, declaredBytes })
    return options.tooLarge ? options.tooLarge(error) : error
  }
  const signals = [
    ...(options.signal ? [options.signal] : []),
    ...(options.timeoutMs === undefined ? [] : [AbortSignal.timeout(options.timeoutMs)]),
  ]
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0]
  const stream = source instanceof ReadableStream ? source : source.body
  if (!(source instanceof ReadableStream)) {
    const declared = source.headers.get('content-length')
    if (declared !== null && Number(declared) > maxBytes) {
      await stream?.cancel().catch(() => {})
      throw tooLarge(Number(declared))
    }
  }
  if (signal?.aborted) {
    await stream?.cancel(signal.reason).catch(() => {})
    throw signal.reason
  }
  if (!stream) return new Uint8Array(0)

  const reader = stream.getReader()
  let onAbort: (() => void) | undefined
  const aborted =
    signal &&
    new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason)
      signal.addEventListener('abort', onAbort, { once: true })
    })
  aborted?.catch(() => {})
  const parts: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await (aborted ? Promise.race([reader.read(), aborted]) : reader.read())
      if (done) break
      size += value.length
      if (size > maxBytes) {
        await reader.cancel().catch(() => {})
        throw tooLarge()
      }
      parts.push(value)
    }
  } catch (error) {
    if (signal?.aborted) await reader.cancel(signal.reason).catch(() => {})
    if (options.wipeOnError) for (const part of parts) part.fill(0)
    throw error
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort)
  }
  return concatBytes(parts, size)
}

/** Concatenates byte chunks whose total length is known. */
function concatBytes(parts: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}
