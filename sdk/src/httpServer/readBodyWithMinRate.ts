import type { IncomingMessage } from 'node:http'

/** The slowest body {@link readBodyWithMinRate} accepts. */
export type BodyRateLimits = {
  /** Least bytes per second, averaged over each window (a trickle of one byte every few seconds fails). */
  minBytesPerSecond: number
  /** Length of a window in milliseconds; time the reader spends on a chunk (backpressure) is not counted. */
  windowMs: number
}

/**
 * Reads a request body chunk by chunk, failing with `slow()` as soon as a window of waiting brings fewer than
 * `minBytesPerSecond × windowMs / 1000` bytes (an idle or trickling client). A body that ends is never too slow.
 * On failure or early return the request is NOT destroyed, so the caller can still answer (`408`, with
 * `connection: close`); Node then discards the rest and closes the socket once the answer is sent.
 */
export async function* readBodyWithMinRate(
  request: IncomingMessage,
  limits: BodyRateLimits,
  slow: () => Error,
): AsyncGenerator<Uint8Array, void, undefined> {
  const { windowMs } = limits
  if (!(windowMs > 0) || !(limits.minBytesPerSecond >= 0))
    throw new RangeError('windowMs must be > 0 and minBytesPerSecond ≥ 0')
  const need = Math.ceil((limits.minBytesPerSecond * windowMs) / 1000)
  const chunks = request.iterator({ destroyOnReturn: false }) as AsyncIterator<Uint8Array>
  let bytes = 0 // bytes received in the current window
  let left = windowMs // waiting time left in the current window
  for (;;) {
    let since = Date.now()
    const next = await new Promise<IteratorResult<Uint8Array>>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout>
      const endOfWindow = () => {
        if (bytes < need) return reject(slow())
        bytes = 0
        left = windowMs
        since = Date.now()
        timer = setTimeout(endOfWindow, left)
      }
      timer = setTimeout(endOfWindow, Math.max(0, left))
      chunks.next().then(
        (result) => {
          clearTimeout(timer)
          resolve(result)
        },
        (error: unknown) => {
          clearTimeout(timer)
          reject(error)
        },
      )
    })
    if (next.done) return
    left -= Date.now() - since
    bytes += next.value.length
    if (left <= 0) {
      if (bytes < need) throw slow()
      bytes = 0
      left = windowMs
    }
    yield next.value
  }
}
