import { LineSplitter, type SplitLine } from '@licen/sdk/examples'

export type { SplitLine }

/** Options of `splitLines`. */
export type SplitLinesOptions = {
  /** Largest line, in bytes without its `\n` or `\r\n` terminator; longer lines are skipped, never buffered. */
  maxLineBytes: number
}

/**
 * Splits a byte stream into lines (`\n` or `\r\n`), numbered from 1, holding at most one line in memory: a line
 * longer than `maxLineBytes` is reported as `tooLong` and its bytes are dropped as they arrive (the sdk's
 * `LineSplitter` over an async source).
 */
export async function* splitLines(
  source: AsyncIterable<Uint8Array>,
  { maxLineBytes }: SplitLinesOptions,
): AsyncGenerator<SplitLine, void, undefined> {
  const splitter = new LineSplitter(maxLineBytes)
  for await (const chunk of source) yield* splitter.push(chunk)
  yield* splitter.end()
}
