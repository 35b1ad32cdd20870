import { z } from '@licen/sdk/validation'
import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils'
import { BaseError } from '../errors.js'
import { DEV_MOCK_PKI_SEED } from './mockPki.js'

/** What a dev TEE keeps across restarts. Nothing in it is secret: the dev PKI and key provider are public by design. */
export type DevTeeState = { pkiSeed: Uint8Array; instanceId: Uint8Array }

const STATE_FILE = 'dev-tee-state.json'

const stateSchema = z.strictObject({
  version: z.literal(1),
  pkiSeed: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  instanceId: z.string().check(z.regex(/^[0-9a-f]{40}$/)),
})

/**
 * Loads the dev TEE state from `stateDir`, creating it on first start (instance id random, PKI seed as given or
 * the shared dev seed). A different `pkiSeed` than the stored one is refused: evidence already issued would stop
 * verifying. Without a state dir the state lives in memory only.
 */
export async function loadDevTeeState(parameters: {
  stateDir?: string | undefined
  pkiSeed?: Uint8Array | undefined
}): Promise<DevTeeState> {
  const requested = parameters.pkiSeed
  if (!parameters.stateDir) return { pkiSeed: requested ?? DEV_MOCK_PKI_SEED, instanceId: randomBytes(20) }
  const { mkdir, readFile, writeFile } = await import('node:fs/promises')
  const { join } = await import('node:path')
  const file = join(parameters.stateDir, STATE_FILE)
  let text: string | undefined
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new BaseError('The dev TEE state file cannot be read.', {
        code: 'DEV_TEE_STATE_INVALID',
        cause: error,
      })
    }
  }
  if (text === undefined) {
    const state = { pkiSeed: requested ?? DEV_MOCK_PKI_SEED, instanceId: randomBytes(20) }
    await mkdir(parameters.stateDir, { recursive: true, mode: 0o700 })
    const body = { version: 1, pkiSeed: bytesToHex(state.pkiSeed), instanceId: bytesToHex(state.instanceId) }
    await writeFile(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600, flag: 'wx' })
    return state
  }
  let parsed: z.infer<typeof stateSchema>
  try {
    parsed = stateSchema.parse(JSON.parse(text))
  } catch (error) {
    throw new BaseError('The dev TEE state file is malformed.', {
      code: 'DEV_TEE_STATE_INVALID',
      details: `delete ${STATE_FILE} in the state dir to start over`,
      cause: error,
    })
  }
  const pkiSeed = hexToBytes(parsed.pkiSeed)
  if (requested && bytesToHex(requested) !== parsed.pkiSeed) {
    throw new BaseError('The dev TEE state dir was created with another PKI seed.', {
      code: 'DEV_TEE_STATE_INVALID',
      details: 'evidence it issued would no longer verify; use another state dir',
    })
  }
  return { pkiSeed, instanceId: hexToBytes(parsed.instanceId) }
}
