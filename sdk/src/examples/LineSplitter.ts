import { concatBytes } from '@noble/hashes/utils'

/** One line of a byte stream: its bytes without the terminator, or a marker when it exceeded the limit. */
export type SplitLine =
  | { line: number; bytes: Uint8Array; tooLong?: undefined }
  | { line: number; bytes?: undefined; tooLong: true }

const LF = 0x0a
const CR = 0x0d

/**
 * Splits bytes pushed in any chunking into lines (`\n` or `\r\n`), numbered from 1, holding at most one line in
 * memory: a line longer than `maxLineBytes` (without its terminator) is reported as `tooLong` and its bytes are
 * dropped as they arrive.
 */
export class LineSplitter {
  readonly maxLineBytes: number
  #parts: Uint8Array[] = []
  #pending = 0
  #overflow = false
  #line = 0

  constructor(maxLineBytes: number) {
    if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1)
      throw new RangeError('maxLineBytes must be an integer ≥ 1')
    this.maxLineBytes = maxLineBytes
  }

  /** Lines completed so far, blank ones included. */
  get lines(): number {
    return this.#line
  }

  /** Feeds the next bytes; returns the lines they complete. */
  push(chunk: Uint8Array): SplitLine[] {
    const out: SplitLine[] = []
    // One extra byte may be a `\r` that the terminator strips.
    const keepLimit = this.maxLineBytes + 1
    let start = 0
    while (start < chunk.length) {
      const newline = chunk.indexOf(LF, start)
      const end = newline === -1 ? chunk.length : newline
      if (!this.#overflow && end > start) {
        if (this.#pending + (end - start) > keepLimit) {
          this.#overflow = true
          this.#parts = []
          this.#pending = 0
        } else {
          // Copy: the producer may reuse its buffer after it pushes the next chunk.
          this.#parts.push(chunk.slice(start, end))
          this.#pending += end - start
        }
      }
      if (newline === -1) break
      out.push(this.#finish())
      start = newline + 1
    }
    return out
  }

  /** Ends the stream; returns its last line when it had no final newline. */
  end(): SplitLine[] {
    return this.#overflow || this.#pending > 0 ? [this.#finish()] : []
  }

  #finish(): SplitLine {
    const line = ++this.#line
    if (this.#overflow) {
      this.#overflow = false
      return { line, tooLong: true }
    }
    let bytes = this.#parts.length === 1 ? this.#parts[0]! : concatBytes(...this.#parts)
    this.#parts = []
    this.#pending = 0
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1)
    if (bytes.length > this.maxLineBytes) return { line, tooLong: true }
    return { line, bytes }
  }
}
