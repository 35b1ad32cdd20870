/** FIFO of byte arrays that hands out exact-length copies without concatenating everything it holds. */
export class ByteQueue {
  #parts: Uint8Array[] = []
  #offset = 0
  #length = 0
  #owned = false

  /** Number of bytes queued. */
  get length(): number {
    return this.#length
  }

  /** Appends `bytes` (kept by reference; the caller must not modify them afterwards). */
  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return
    this.#owned = false
    this.#parts.push(bytes)
    this.#length += bytes.length
  }

  /** Removes and returns the first `n` bytes as a fresh array (n ≤ length). */
  take(n: number): Uint8Array<ArrayBuffer> {
    if (n > this.#length) throw new RangeError(`take(${n}) with ${this.#length} bytes queued`)
    const out = new Uint8Array(n)
    let filled = 0
    while (filled < n) {
      const part = this.#parts[0]!
      const available = part.length - this.#offset
      const count = Math.min(available, n - filled)
      out.set(part.subarray(this.#offset, this.#offset + count), filled)
      filled += count
      if (count === available) {
        this.#parts.shift()
        this.#offset = 0
      } else {
        this.#offset += count
      }
    }
    this.#length -= n
    return out
  }

  /** Copies whatever is still queued into one owned array, so callers may reuse the buffers they pushed. */
  detach(): void {
    if (this.#parts.length === 0) return
    if (this.#parts.length === 1 && this.#offset === 0 && this.#owned) return
    const copy = this.take(this.#length)
    this.#parts = [copy]
    this.#length = copy.length
    this.#owned = true
  }

  /** Drops every queued byte reference. */
  clear(): void {
    this.#parts = []
    this.#offset = 0
    this.#length = 0
  }
}
