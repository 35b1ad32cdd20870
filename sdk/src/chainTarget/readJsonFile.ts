import { readFile } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { parseOrThrow, type SafeParser } from '../errors.js'
import { ChainTargetError } from './ChainTargetError.js'

/** Largest file {@link readJsonFile} reads, in characters of its text. */
const MAX_FILE_BYTES = 64 * 1024

/**
 * Reads a small JSON file the user named (relative to `cwd`) and validates it against `schema`; every failure is
 * `CHAIN_TARGET_FILE_UNREADABLE` with a message naming `what` (e.g. `deployment file`) and details naming the file.
 */
export async function readJsonFile<T>(
  cwd: string,
  path: string,
  schema: SafeParser<T>,
  what: string,
): Promise<T> {
  const file = isAbsolute(path) ? path : resolve(cwd, path)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (cause) {
    throw new ChainTargetError(`Cannot read the ${what}.`, {
      code: 'CHAIN_TARGET_FILE_UNREADABLE',
      details: `${file}: ${(cause as Error).message}`,
    })
  }
  if (text.length > MAX_FILE_BYTES)
    throw new ChainTargetError(`The ${what} is too large.`, {
      code: 'CHAIN_TARGET_FILE_UNREADABLE',
      details: file,
    })
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new ChainTargetError(`The ${what} is not JSON.`, {
      code: 'CHAIN_TARGET_FILE_UNREADABLE',
      details: file,
    })
  }
  return parseOrThrow(
    schema,
    json,
    (details) =>
      new ChainTargetError(`The ${what} is invalid.`, { code: 'CHAIN_TARGET_FILE_UNREADABLE', details }),
  )
}
