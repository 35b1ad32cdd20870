import { createLcn1DecryptStream, importLcn1Key, Lcn1Error } from '@licen/sdk'
import { CliError } from '../CliError.js'
import type { Command } from '../command.js'
import { openInput, resolvePath, writeOutputAtomically } from '../files.js'
import { createProgress } from '../progress.js'
import { readKey } from '../readKey.js'

/** `licen decrypt`: LCN1 file → plaintext file, written only if every byte authenticates. */
export const decryptCommand: Command = {
  name: 'decrypt',
  summary: 'Decrypt an LCN1 file; nothing is written unless all of it authenticates',
  usage:
    'licen decrypt (--key <hex> | --key-file <path>) [--size <plaintext bytes>] [--force] [--json] <in> <out>',
  options: {
    key: { type: 'string' },
    'key-file': { type: 'string' },
    size: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run({ io, values, positionals, json }) {
    if (positionals.length !== 2)
      throw new CliError('decrypt takes an input and an output file.', { code: 'CLI_USAGE' })
    const sizeText = values.size as string | undefined
    if (sizeText !== undefined && !/^\d{1,16}$/.test(sizeText)) {
      throw new CliError('--size must be a byte count.', { code: 'CLI_USAGE' })
    }
    const plaintextSize = sizeText === undefined ? undefined : Number(sizeText)
    const rawKey = await readKey(io.cwd, values as { key?: string; 'key-file'?: string })
    let key: CryptoKey
    try {
      key = await importLcn1Key(rawKey)
    } finally {
      rawKey.fill(0)
    }
    const inputPath = resolvePath(io.cwd, positionals[0]!)
    const input = await openInput(inputPath)
    const progress = createProgress(io, 'decrypt', plaintextSize, !json)
    let plaintextBytes = 0
    let decrypt: TransformStream<Uint8Array, Uint8Array>
    try {
      decrypt = createLcn1DecryptStream({
        key,
        plaintextSize,
        onProgress: ({ bytes }) => {
          plaintextBytes = bytes
          progress.update(bytes)
        },
      })
    } catch (error) {
      await input.stream.cancel()
      throw error
    }
    try {
      await writeOutputAtomically(input.stream.pipeThrough(decrypt), resolvePath(io.cwd, positionals[1]!), {
        force: values.force === true,
      })
    } catch (error) {
      if (plaintextSize !== undefined && error instanceof Lcn1Error && error.code !== 'LCN1_ABORTED') {
        const actual = await authenticatedPlaintextSize(inputPath, key)
        if (actual !== undefined && actual !== plaintextSize) {
          throw new CliError(`--size ${plaintextSize} is not the size of this file's plaintext.`, {
            code: 'CLI_SIZE_MISMATCH',
            details: `expected ${plaintextSize} bytes, the file authenticates as ${actual} bytes (${error.code} under --size)`,
            cause: error,
          })
        }
      }
      throw error
    }
    progress.done()
    return {
      in: positionals[0],
      out: positionals[1],
      ciphertextSize: input.size,
      plaintextSize: plaintextBytes,
    }
  },
  format: (r) => `decrypted ${r.in} → ${r.out} (${r.plaintextSize} bytes, every chunk authenticated)`,
}

/**
 * Decrypts the file again without a plaintext size, keeping nothing: its plaintext size if every byte
 * authenticates (then `--size` was wrong, not the key or the file), else undefined.
 */
async function authenticatedPlaintextSize(path: string, key: CryptoKey): Promise<number | undefined> {
  const input = await openInput(path)
  let bytes = 0
  try {
    await input.stream.pipeThrough(createLcn1DecryptStream({ key })).pipeTo(
      new WritableStream({
        write(chunk) {
          bytes += chunk.length
          chunk.fill(0)
        },
      }),
    )
    return bytes
  } catch {
    return undefined
  }
}
