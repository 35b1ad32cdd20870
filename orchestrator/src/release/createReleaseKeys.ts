import type { Logger } from '@licen/sdk'
import type { Address, Hex } from 'viem'
import { errorCode, OrchestratorError } from '../errors.js'
import { JobFailure } from '../jobs/JobFailure.js'
import type { ReleaseKeyRegistry, ReleaseKeyStatus } from './createReleaseKeyRegistry.js'
import type { ReleaseKeyring, VersionedReleaseKey } from './loadReleaseKeyring.js'

/** One held key as `GET /v1/release-key` lists it. */
export type ReleaseKeyView = {
  version: number
  publicKey: Hex
  /** Storage root of the key's attestation evidence (none for the unattested `env` key). */
  evidenceRef: Hex | null
  /** On-chain id once registered. */
  keyId: number | null
  status: ReleaseKeyStatus | 'Unregistered'
}

/** What `GET /v1/release-key` serves: the current key first (as before), then every key held. Never a private key. */
export type PublishedReleaseKeys = {
  publicKey: Hex
  version: number
  evidenceRef: Hex | null
  keyId: number | null
  status: ReleaseKeyStatus | 'Unregistered'
  source: 'env' | 'dstack'
  chainId: number
  dataPolicy: Address
  signatureChain?: Hex[] | undefined
  attestation?: { quote: Hex; eventLog: string; reportData: Hex } | undefined
  keys: ReleaseKeyView[]
}

/** The orchestrator's release keys with their evidence and on-chain registration. */
export type ReleaseKeys = {
  keyring: ReleaseKeyring
  /** Whether releases wait for on-chain registration (every attested key; not the `env` test key). */
  gated: boolean
  /**
   * What `GET /v1/release-key` serves, registrations read from chain at most every `VIEW_TTL_MS` (one read at a
   * time, whatever the request rate; a failed read serves what was last known).
   */
  published: () => Promise<PublishedReleaseKeys>
  /** Reads every held key's registration from chain now (what `published` reports); a no-op when not gated. */
  refresh: () => Promise<void>
  /**
   * The held key a dataset's envelope was sealed to, if datasets sealed to it may be released now: held
   * (else `KEY_ENVELOPE_INVALID`), registered (`RELEASE_KEY_NOT_REGISTERED`) and not revoked
   * (`RELEASE_KEY_REVOKED`); each a `JobFailure` (full refund). Chain read errors are thrown as they are (retried).
   */
  keyFor: (publicKey: Hex) => Promise<VersionedReleaseKey>
  /**
   * Resolves once the current key is registered and Active on chain, polling with backoff and saying what it waits
   * for; `RELEASE_KEY_NOT_REGISTERED` after `timeoutSeconds`, `RELEASE_KEY_REVOKED` when it was revoked,
   * `STOPPED` when `signal` aborts. Resolves at once when not gated.
   */
  waitUntilActive: (signal: AbortSignal) => Promise<void>
}

export type CreateReleaseKeysParameters = {
  keyring: ReleaseKeyring
  /** Evidence roots by version (keys derived in a TEE); none for the `env` key. */
  evidenceRefs: ReadonlyMap<number, Hex>
  /** The on-chain registry; undefined for the `env` key (no registration gate). */
  registry: ReleaseKeyRegistry | undefined
  source: 'env' | 'dstack'
  timing: { retryDelayMs: number; maxRetryDelayMs: number; releaseKeyRegistrationSeconds: number }
  log: Logger
}

/** How long the registrations `published` reports may be reused. */
const VIEW_TTL_MS = 2_000

/** Holds the keyring, its evidence and what the chain says of each key. */
export function createReleaseKeys(parameters: CreateReleaseKeysParameters): ReleaseKeys {
  const { keyring, registry, log } = parameters
  const registrations = new Map<number, { keyId: number; status: ReleaseKeyStatus }>()
  const view = (key: VersionedReleaseKey): ReleaseKeyView => {
    const registered = registrations.get(key.version)
    return {
      version: key.version,
      publicKey: key.publicKey,
      evidenceRef: parameters.evidenceRefs.get(key.version) ?? null,
      keyId: registered?.keyId ?? null,
      status: registered?.status ?? 'Unregistered',
    }
  }
  let viewRead: { at: number; done: Promise<void> } | undefined
  const refresh = async (key: VersionedReleaseKey) => {
    const registered = await registry!.lookup(key.publicKey)
    if (registered) registrations.set(key.version, { keyId: registered.keyId, status: registered.status })
    else registrations.delete(key.version)
    return registered
  }
  return {
    keyring,
    gated: registry !== undefined,
    async published() {
      if (registry && (!viewRead || Date.now() - viewRead.at > VIEW_TTL_MS)) {
        const at = Date.now()
        viewRead = {
          at,
          done: (async () => {
            for (const key of keyring.keys) await refresh(key)
          })().catch(() => {}),
        }
      }
      await viewRead?.done
      const { current } = keyring
      return {
        ...view(current),
        ...current.published,
        keys: keyring.keys.map(view),
      }
    },
    async refresh() {
      if (!registry) return
      for (const key of keyring.keys) await refresh(key)
    },
    async keyFor(publicKey) {
      const key = keyring.find(publicKey)
      if (!key)
        throw new JobFailure(
          'KEY_ENVELOPE_INVALID',
          'sealed to a release key this orchestrator does not hold',
        )
      if (!registry) return key
      const registered = await refresh(key)
      if (!registered) {
        throw new JobFailure(
          'RELEASE_KEY_NOT_REGISTERED',
          `release key v${key.version} is not registered on chain`,
        )
      }
      if (registered.status === 'Revoked') {
        throw new JobFailure(
          'RELEASE_KEY_REVOKED',
          `release key ${registered.keyId} (v${key.version}) is revoked`,
        )
      }
      return key
    },
    async waitUntilActive(signal) {
      if (!registry) return
      const { current } = keyring
      const deadline = Date.now() + parameters.timing.releaseKeyRegistrationSeconds * 1000
      const waitingFor = {
        version: current.version,
        publicKey: current.publicKey,
        evidenceRef: parameters.evidenceRefs.get(current.version),
        deadline: new Date(deadline).toISOString(),
      }
      let delay = parameters.timing.retryDelayMs
      let lastSaid = 0
      for (;;) {
        if (signal.aborted)
          throw new OrchestratorError('Stopped while waiting for the release key registration.', {
            code: 'STOPPED',
          })
        let status: ReleaseKeyStatus | undefined
        try {
          for (const key of keyring.keys) {
            const registered = await refresh(key)
            if (key === current) status = registered?.status
          }
        } catch (error) {
          log.warn('could not read the release key registry', { code: errorCode(error) })
        }
        if (status === 'Active') {
          log.info('release key registered and active on chain: releasing', {
            version: current.version,
            keyId: registrations.get(current.version)?.keyId,
            publicKey: current.publicKey,
          })
          return
        }
        if (status === 'Revoked') {
          throw new OrchestratorError('The current release key is revoked on chain.', {
            code: 'RELEASE_KEY_REVOKED',
            details: `version ${current.version}: configure a newer version (LICEN_RELEASE_KEY_VERSIONS)`,
          })
        }
        if (Date.now() >= deadline) {
          throw new OrchestratorError('The release key was not registered and Active on chain in time.', {
            code: 'RELEASE_KEY_NOT_REGISTERED',
            details: `version ${current.version} ${current.publicKey} (${status ?? 'unregistered'}) after ${parameters.timing.releaseKeyRegistrationSeconds} s`,
          })
        }
        if (Date.now() - lastSaid >= 30_000) {
          lastSaid = Date.now()
          log.info(
            'waiting for the release key to be registered and Active on chain (registerReleaseKey(publicKey, evidenceRef, policyHash) by the contract owner); no job is released before',
            { ...waitingFor, status: status ?? 'Unregistered' },
          )
        }
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer)
            signal.removeEventListener('abort', done)
            resolve()
          }
          const timer = setTimeout(done, Math.min(delay, Math.max(0, deadline - Date.now())))
          signal.addEventListener('abort', done, { once: true })
        })
        delay = Math.min(delay * 2, parameters.timing.maxRetryDelayMs)
      }
    },
  }
}
