import type { Address, Hex } from 'viem'
import type { OrchestratorConfig } from '../config/orchestratorConfig.js'
import { OrchestratorError } from '../errors.js'
import { loadReleaseKey, type ReleaseKey } from './loadReleaseKey.js'

/** One version of the release key: the key and the dstack path it was derived at (none for `env`). */
export type VersionedReleaseKey = ReleaseKey & { version: number; path: string | undefined }

/** Every release key this orchestrator holds, by version; new seals go to `current` (the highest version). */
export type ReleaseKeyring = {
  /** Ascending by version. */
  keys: readonly VersionedReleaseKey[]
  current: VersionedReleaseKey
  /** The key whose compressed public key this is (any case), if this orchestrator holds it. */
  find: (publicKey: Hex) => VersionedReleaseKey | undefined
  /** Zeroes every private key (on stop). */
  wipe: () => void
}

/**
 * Loads the configured release keys: the `env` key as version 1 (unit tests only), or one key per configured
 * version derived in the CVM at `<pathPrefix><version>` (each with its quote). A failure wipes what was loaded.
 */
export async function loadReleaseKeyring(
  source: OrchestratorConfig['releaseKey'],
  binding: { chainId: number; dataPolicy: Address },
): Promise<ReleaseKeyring> {
  const keys: VersionedReleaseKey[] = []
  try {
    if (source.source === 'env') {
      keys.push({ ...(await loadReleaseKey(source, binding)), version: 1, path: undefined })
    } else {
      for (const version of [...source.versions].sort((a, b) => a - b)) {
        const path = `${source.pathPrefix}${version}`
        const key = await loadReleaseKey(
          { source: 'dstack', endpoint: source.endpoint, path, purpose: source.purpose },
          binding,
        )
        keys.push({ ...key, version, path })
      }
    }
  } catch (error) {
    for (const key of keys) key.wipe()
    throw error
  }
  const byPublicKey = new Map(keys.map((key) => [key.publicKey.toLowerCase(), key]))
  if (byPublicKey.size !== keys.length) {
    for (const key of keys) key.wipe()
    throw new OrchestratorError('Two release key versions derived the same key.', {
      code: 'RELEASE_KEY_UNAVAILABLE',
    })
  }
  return {
    keys,
    current: keys.at(-1)!,
    find: (publicKey) => byPublicKey.get(publicKey.toLowerCase()),
    wipe: () => {
      for (const key of keys) key.wipe()
    },
  }
}
