import { createLcn1EncryptStream, lcn1CiphertextSize, parseLcn1Header } from '@licen/sdk'
import { bytesToHex } from 'viem'
import { CliError } from '../CliError.js'
import type { Command } from '../command.js'
import { openInput, resolvePath, writeOutputAtomically } from '../files.js'
import { createProgress } from '../progress.js'
import { readKey } from '../readKey.js'

/** `licen encrypt`: plaintext file → LCN1 file. */
export const encryptCommand: Command = {
  name: 'encrypt',
  summary: 'Encrypt a file into the LCN1 stream format',
  usage:
    'licen encrypt (--key <hex> | --key-file <path>) [--chunk-size-log2 10..24] [--force] [--json] <in> <out>',
  options: {
    key: { type: 'string' },
    'key-file': { type: 'string' },
    'chunk-size-log2': { type: 'string' },
    force: { type: 'boolean' },
  },
  async run({ io, values, positionals, json }) {
    if (positionals.length !== 2)
      throw new CliError('encrypt takes an input and an output file.', { code: 'CLI_USAGE' })
    const key = await readKey(io.cwd, values as { key?: string; 'key-file'?: string })
    const log2 = values['chunk-size-log2'] === undefined ? undefined : Number(values['chunk-size-log2'])
    const input = await openInput(resolvePath(io.cwd, positionals[0]!))
    const progress = createProgress(io, 'encrypt', input.size, !json)
    let encrypt: ReturnType<typeof createLcn1EncryptStream>
    try {
      encrypt = createLcn1EncryptStream({
        key,
        chunkSizeLog2: log2,
        totalBytes: input.size,
        onProgress: ({ bytes }) => progress.update(bytes),
      })
    } catch (error) {
      await input.stream.cancel()
      throw error
    } finally {
      key.fill(0)
    }
    await writeOutputAtomically(input.stream.pipeThrough(encrypt), resolvePath(io.cwd, positionals[1]!), {
      force: values.force === true,
    })
    progress.done()
    const header = parseLcn1Header(encrypt.header)
    return {
      in: positionals[0],
      out: positionals[1],
      plaintextSize: input.size,
      ciphertextSize: lcn1CiphertextSize(input.size, header.chunkSize),
      chunkSize: header.chunkSize,
      noncePrefix: bytesToHex(header.noncePrefix),
    }
  },
  format: (r) =>
    `encrypted ${r.in} (${r.plaintextSize} bytes) → ${r.out} (${r.ciphertextSize} bytes, LCN1, ${r.chunkSize}-byte chunks)`,
}
