import { z } from '@licen/sdk/validation'
import type { Hex } from 'viem'
import type { AppConfig } from '../config/appConfig.js'
import { AppError } from '../errors/AppError.js'

const answer = z.object({ publicKey: z.string().check(z.regex(/^0x0[23][0-9a-fA-F]{64}$/)) })

/**
 * The release public key dataset keys are sealed to: from `config.json` when pinned there, otherwise from the
 * orchestrator's `GET /v1/release-key` (`{publicKey}`, 33-byte compressed hex).
 */
export async function fetchReleaseKey(
  config: AppConfig,
  doFetch: typeof fetch = globalThis.fetch,
): Promise<Hex> {
  if (config.releasePublicKey) return config.releasePublicKey
  let json: unknown
  try {
    const response = await doFetch(`${config.orchestratorUrl}/v1/release-key`, {
      signal: AbortSignal.timeout(10_000),
      headers: { accept: 'application/json' },
    })
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    const text = await response.text()
    if (text.length > 64 * 1024) throw new Error('answer too large')
    json = JSON.parse(text)
  } catch (cause) {
    throw new AppError('The orchestrator did not give its release key.', {
      code: 'RELEASE_KEY_UNAVAILABLE',
      cause,
    })
  }
  const parsed = answer.safeParse(json)
  if (!parsed.success)
    throw new AppError('The orchestrator’s release key is not a compressed public key.', {
      code: 'RELEASE_KEY_UNAVAILABLE',
    })
  return parsed.data.publicKey.toLowerCase() as Hex
}
