import { isDeepStrictEqual } from 'node:util'

/** Polls `read` until it returns a value deep-equal to `expected` or `timeoutMs` passes; returns the last value. */
export async function eventually<value>(
  read: () => Promise<value>,
  expected: value,
  timeoutMs: number,
): Promise<value> {
  const deadline = Date.now() + timeoutMs
  let last = await read()
  while (!isDeepStrictEqual(last, expected) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100))
    last = await read()
  }
  return last
}
