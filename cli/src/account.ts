import { readFile } from 'node:fs/promises'
import type { Hex } from 'viem'
import { mnemonicToAccount, type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import { CliError } from './CliError.js'
import { resolvePath } from './files.js'

/** Options that choose the account a chain command signs with. */
export const accountOptions = {
  'account-key-file': { type: 'string' },
  'dev-account': { type: 'string' },
} as const

/** Usage text of {@link accountOptions}. */
export const ACCOUNT_USAGE = '(--account-key-file <path> | --dev-account <0-9>)'

const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk'
const DEVNET_CHAIN_ID = 31337
const HEX_KEY = /^(0x)?([0-9a-fA-F]{64})$/

/**
 * The signing account: a 32-byte hex private key read from `--account-key-file`, or anvil's public dev account
 * `--dev-account <i>` (only on the local devnet chain, whose accounts hold nothing real).
 */
export async function readAccount(
  cwd: string,
  values: Record<string, string | boolean | undefined>,
  chainId: number,
): Promise<PrivateKeyAccount> {
  const file = values['account-key-file']
  const dev = values['dev-account']
  if ((typeof file === 'string') === (typeof dev === 'string'))
    throw new CliError(`Choose the account with exactly one of ${ACCOUNT_USAGE}.`, { code: 'CLI_USAGE' })
  if (typeof dev === 'string') {
    if (!/^[0-9]$/.test(dev)) throw new CliError('--dev-account takes an index 0..9.', { code: 'CLI_USAGE' })
    if (chainId !== DEVNET_CHAIN_ID)
      throw new CliError(`--dev-account is only for the local devnet (chain ${DEVNET_CHAIN_ID}).`, {
        code: 'CLI_USAGE',
      })
    const hd = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: Number(dev) })
    const key = hd.getHdKey().privateKey
    if (!key) throw new CliError('Cannot derive the dev account.', { code: 'CLI_USAGE' })
    return privateKeyToAccount(`0x${Buffer.from(key).toString('hex')}`)
  }
  const path = resolvePath(cwd, file as string)
  let text: string
  try {
    text = (await readFile(path, 'utf8')).trim()
  } catch (cause) {
    throw new CliError('Cannot read the account key file.', {
      code: 'CLI_INPUT_UNREADABLE',
      details: `${path}: ${(cause as Error).message}`,
    })
  }
  const match = HEX_KEY.exec(text)
  if (!match) throw new CliError('The account key file must hold 32 bytes of hex.', { code: 'CLI_USAGE' })
  return privateKeyToAccount(`0x${match[2]!.toLowerCase()}` as Hex)
}
