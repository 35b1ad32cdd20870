import { CliError } from './CliError.js'

const DEVNET_CHAIN_ID = 31337

/**
 * A URL a command publishes on chain (a provider endpoint, a policy file's URI): an http(s) URL of at most
 * `maxBytes` UTF-8 bytes, and https on every chain but the local devnet (whose services listen on plain http).
 */
export function readPublishedUrl(
  value: string | boolean | undefined,
  flag: string,
  chainId: number,
  maxBytes: number,
): string {
  if (typeof value !== 'string') throw new CliError(`--${flag} <url> is required.`, { code: 'CLI_USAGE' })
  let url: URL | undefined
  try {
    url = /^\S+$/.test(value) ? new URL(value) : undefined
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw new CliError(`--${flag} must be an http(s) URL.`, { code: 'CLI_USAGE' })
  if (url.protocol === 'http:' && chainId !== DEVNET_CHAIN_ID)
    throw new CliError(`--${flag} must be an https URL off the local devnet.`, {
      code: 'CLI_USAGE',
      details: `chain ${chainId}`,
    })
  const bytes = new TextEncoder().encode(value).length
  if (bytes > maxBytes)
    throw new CliError(`--${flag} is too long.`, {
      code: 'CLI_USAGE',
      details: `${bytes} bytes, at most ${maxBytes}`,
    })
  return value
}
