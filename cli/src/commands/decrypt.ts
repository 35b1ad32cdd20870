import { createLcn1DecryptStream } from '@licen/sdk'
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
      throw new CliError('CLI_USAGE', 'decrypt takes an input and an output file.')
    const sizeText = values.size as string | undefined
    if (sizeText !== undefined && !/^\d{1,16}$/.test(sizeText)) {
      throw new CliError('CLI_USAGE', '--size must be a byte count.')
    }
    const plaintextSize = sizeText === undefined ? undefined : Number(sizeText)
    const key = await readKey(io.cwd, values as { key?: string; 'key-file'?: string })
    const input = await openInput(resolvePath(io.cwd, positionals[0]!))
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
    } finally {
      key.fill(0)
    }
    await writeOutputAtomically(input.stream.pipeThrough(decrypt), resolvePath(io.cwd, positionals[1]!), {
      force: values.force === true,
    })
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
