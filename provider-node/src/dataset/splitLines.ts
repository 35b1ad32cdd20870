import { concatBytes } from 'viem'

/** One line of a byte stream: its bytes without the terminator, or a marker when it exceeded the limit. */
export type SplitLine =
  | { line: number; bytes: Uint8Array; tooLong?: undefined }
  | { line: number; bytes?: undefined; tooLong: true }

/** Options of `splitLines`. */
export type SplitLinesOptions = {
  /** Largest line, in bytes without its `\n` or `\r\n` terminator; longer lines are skipped, never buffered. */
  maxLineBytes: number
}

const LF = 0x0a
const CR = 0x0d

/**
 * Splits a byte stream into lines (`\n` or `\r\n`), numbered from 1, holding at most one line in memory: a line
 * longer than `maxLineBytes` is reported as `tooLong` and its bytes are dropped as they arrive.
 */
export async function* splitLines(
  source: AsyncIterable<Uint8Array>,
  { maxLineBytes }: SplitLinesOptions,
): AsyncGenerator<SplitLine, void, undefined> {
  // One extra byte may be a `\r` that the terminator strips.
  const keepLimit = maxLineBytes + 1
  let parts: Uint8Array[] = []
  let pending = 0
  let overflow = false
  let line = 0

  const finish = (): SplitLine => {
    line++
    if (overflow) {
      overflow = false
      return { line, tooLong: true }
    }
    let bytes = parts.length === 1 ? parts[0]! : concatBytes(parts)
    parts = []
    pending = 0
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1)
    if (bytes.length > maxLineBytes) return { line, tooLong: true }
    return { line, bytes }
  }

  for await (const chunk of source) {
    let start = 0
    while (start < chunk.length) {
      const newline = chunk.indexOf(LF, start)
      const end = newline === -1 ? chunk.length : newline
      if (!overflow && end > start) {
        if (pending + (end - start) > keepLimit) {
          overflow = true
          parts = []
          pending = 0
        } else {
          // Copy: the producer may reuse its buffer after we ask for the next chunk.
          parts.push(chunk.slice(start, end))
          pending += end - start
        }
      }
      if (newline === -1) break
      yield finish()
      start = newline + 1
    }
  }
  if (overflow || pending > 0) yield finish()
}
