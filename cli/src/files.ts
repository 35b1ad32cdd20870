import { createReadStream, createWriteStream } from 'node:fs'
import { link, open, rm, stat } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import { Readable, Writable } from 'node:stream'
import { CliError } from './CliError.js'

/** Resolves a user-given path against the caller's directory. */
export function resolvePath(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path)
}

/** Opens a regular file as a web stream and returns its size. */
export async function openInput(path: string): Promise<{ stream: ReadableStream<Uint8Array>; size: number }> {
  let size: number
  try {
    const info = await stat(path)
    if (!info.isFile()) throw new Error('not a regular file')
    size = info.size
  } catch (cause) {
    throw new CliError('Cannot read the input file.', {
      code: 'CLI_INPUT_UNREADABLE',
      details: `${path}: ${(cause as Error).message}`,
    })
  }
  const stream = Readable.toWeb(
    createReadStream(path, { highWaterMark: 1024 * 1024 }),
  ) as ReadableStream<Uint8Array>
  return { stream, size }
}

/**
 * Pipes `source` into `path` through a private temporary file (mode 0600) that only becomes `path` once the
 * stream ended without error; on any failure nothing is left at `path`.
 */
export async function writeOutputAtomically(
  source: ReadableStream<Uint8Array>,
  path: string,
  options: { force: boolean },
): Promise<void> {
  if (!options.force && (await exists(path))) {
    await source.cancel().catch(() => {})
    throw new CliError('The output file exists; pass --force to replace it.', {
      code: 'CLI_OUTPUT_UNWRITABLE',
      details: path,
    })
  }
  const temporary = join(dirname(path), `.${basename(path)}.${crypto.randomUUID()}.partial`)
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(temporary, 'wx', 0o600)
  } catch (cause) {
    await source.cancel().catch(() => {})
    throw new CliError('Cannot create the output file.', {
      code: 'CLI_OUTPUT_UNWRITABLE',
      details: `${path}: ${(cause as Error).message}`,
    })
  }
  await handle.close()
  try {
    await source.pipeTo(
      Writable.toWeb(createWriteStream(temporary, { flags: 'r+' })) as WritableStream<Uint8Array>,
    )
    if (options.force) await rm(path, { force: true })
    // link + unlink instead of rename, so an output created meanwhile is never silently replaced without --force.
    await link(temporary, path)
  } catch (error) {
    throw error instanceof Error && 'code' in error && error.code === 'EEXIST'
      ? new CliError('The output file exists; pass --force to replace it.', {
          code: 'CLI_OUTPUT_UNWRITABLE',
          details: path,
        })
      : error
  } finally {
    await rm(temporary, { force: true })
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}
