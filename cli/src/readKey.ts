import { readFile } from 'node:fs/promises'
import { CliError } from './CliError.js'
import { resolvePath } from './files.js'

const HEX_KEY = /^(0x)?([0-9a-fA-F]{64})$/

/** Reads the 32-byte key from `--key <hex>` or `--key-file <path>` (exactly one of them). */
export async function readKey(
  cwd: string,
  options: { key?: string; 'key-file'?: string },
): Promise<Uint8Array> {
  if ((options.key === undefined) === (options['key-file'] === undefined)) {
    throw new CliError('Give the key with exactly one of --key <hex> or --key-file <path>.', {
      code: 'CLI_USAGE',
    })
  }
  let text = options.key
  if (text === undefined) {
    const path = resolvePath(cwd, options['key-file']!)
    try {
      text = (await readFile(path, 'utf8')).trim()
    } catch (cause) {
      throw new CliError('Cannot read the key file.', {
        code: 'CLI_INPUT_UNREADABLE',
        details: `${path}: ${(cause as Error).message}`,
      })
    }
  }
  const match = HEX_KEY.exec(text)
  if (!match)
    throw new CliError('The key must be 32 bytes of hex (64 hex digits, optional 0x).', { code: 'CLI_USAGE' })
  return Uint8Array.from(match[2]!.match(/../g)!, (byte) => Number.parseInt(byte, 16))
}
