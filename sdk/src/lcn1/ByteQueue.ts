/** FIFO of byte arrays that hands out exact-length copies without concatenating everything it holds. */
export class ByteQueue {
  #parts: { bytes: Uint8Array; owned: boolean }[] = []
  #offset = 0
  #length = 0

  /** Number of bytes queued. */
  get length(): number {
    return this.#length
  }

  /** Appends `bytes` by reference; call `detach()` before the caller may reuse them. */
  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return
    this.#parts.push({ bytes, owned: false })
    this.#length += bytes.length
  }

  /** Removes and returns the first `n` bytes as a fresh array (n ≤ length). */
  take(n: number): Uint8Array<ArrayBuffer> {
    if (n > this.#length) throw new RangeError(`take(${n}) with ${this.#length} bytes queued`)
    const out = new Uint8Array(n)
    let filled = 0
    while (filled < n) {
      const part = this.#parts[0]!.bytes
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

  /** Copies the still-queued bytes of parts pushed by reference, so callers may reuse their buffers. */
  detach(): void {
    for (const [i, part] of this.#parts.entries()) {
      if (part.owned) continue
      const start = i === 0 ? this.#offset : 0
      part.bytes = part.bytes.slice(start)
      part.owned = true
      if (i === 0) this.#offset = 0
    }
  }

  /** Drops every queued byte reference. */
  clear(): void {
    this.#parts = []
    this.#offset = 0
    this.#length = 0
  }
}
