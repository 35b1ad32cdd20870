import { zgRoot } from '@licen/sdk'
import { CliError } from '../CliError.js'
import type { Command } from '../command.js'
import { openInput, resolvePath } from '../files.js'
import { createProgress } from '../progress.js'

/** `licen root <file>`: the 0G Storage root of a file. */
export const rootCommand: Command = {
  name: 'root',
  summary: 'Print the 0G Storage Merkle root of a file',
  usage: 'licen root <file> [--json]',
  options: {},
  async run({ io, positionals, json }) {
    if (positionals.length !== 1) throw new CliError('root takes exactly one file.', { code: 'CLI_USAGE' })
    const path = resolvePath(io.cwd, positionals[0]!)
    const { stream, size } = await openInput(path)
    const progress = createProgress(io, 'root', size, !json)
    const { root } = await zgRoot(stream, { onProgress: (bytes) => progress.update(bytes) })
    progress.done()
    return { file: positionals[0], size, root }
  },
  format: (result) => `${result.root}  ${result.file} (${result.size} bytes)`,
}
