import type { Hex } from 'viem'
import { CliError } from './CliError.js'
import type { Network } from './network.js'

const COMPRESSED_KEY = /^0x0[23][0-9a-fA-F]{64}$/

/**
 * The release public key datasets are sealed to: `--release-key`, else the config's, else the orchestrator's
 * `GET /v1/release-key` (`{publicKey}`).
 */
export async function readReleaseKey(network: Network, flag: string | undefined): Promise<Hex> {
  if (flag !== undefined) {
    if (!COMPRESSED_KEY.test(flag))
      throw new CliError('--release-key must be a 33-byte compressed public key (0x02…/0x03…).', {
        code: 'CLI_USAGE',
      })
    return flag.toLowerCase() as Hex
  }
  if (network.releasePublicKey) return network.releasePublicKey
  if (!network.orchestratorUrl)
    throw new CliError('No release key: pass --release-key or --orchestrator.', {
      code: 'CLI_RELEASE_KEY_UNAVAILABLE',
    })
  try {
    const response = await fetch(`${network.orchestratorUrl}/v1/release-key`, {
      signal: AbortSignal.timeout(10_000),
      headers: { accept: 'application/json' },
    })
    const text = await response.text()
    if (!response.ok || text.length > 4096) throw new Error(`HTTP ${response.status}`)
    const key = (JSON.parse(text) as { publicKey?: unknown }).publicKey
    if (typeof key !== 'string' || !COMPRESSED_KEY.test(key)) throw new Error('not a compressed public key')
    return key.toLowerCase() as Hex
  } catch (cause) {
    throw new CliError('The orchestrator did not give its release key.', {
      code: 'CLI_RELEASE_KEY_UNAVAILABLE',
      details: (cause as Error).message,
    })
  }
}
