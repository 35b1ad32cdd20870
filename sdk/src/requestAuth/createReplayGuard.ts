import { RequestAuthError } from './RequestAuthError.js'

export type CreateReplayGuardParameters = {
  /** Most unexpired entries held at once; beyond it new requests are refused with `REQUEST_AUTH_BUSY`. */
  maxEntries?: number | undefined
}

/** Remembers accepted request digests until they expire, so each signed request is accepted once. */
export type ReplayGuard = {
  /**
   * Records `key` as used until `expiresAt` (unix seconds). Throws `REQUEST_AUTH_REPLAYED` if it is already
   * recorded and unexpired, `REQUEST_AUTH_BUSY` if the guard is full.
   */
  consume: (key: string, expiresAt: number, now: number) => void
  /** Number of entries held (expired ones may linger until the next prune). */
  readonly size: number
}

/** Creates an in-memory replay guard with bounded size. */
export function createReplayGuard(parameters: CreateReplayGuardParameters = {}): ReplayGuard {
  const maxEntries = parameters.maxEntries ?? 100_000
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw new RequestAuthError('maxEntries must be a positive integer.', {
      code: 'REQUEST_AUTH_INVALID_ARGUMENT',
    })
  }
  const entries = new Map<string, number>()
  const prune = (now: number) => {
    for (const [key, expiresAt] of entries) if (expiresAt < now) entries.delete(key)
  }
  return {
    consume(key, expiresAt, now) {
      const seen = entries.get(key)
      if (seen !== undefined && seen >= now) {
        throw new RequestAuthError('This signed request was already used.', { code: 'REQUEST_AUTH_REPLAYED' })
      }
      if (entries.size >= maxEntries) prune(now)
      if (entries.size >= maxEntries) {
        throw new RequestAuthError('Too many recent signed requests; try again shortly.', {
          code: 'REQUEST_AUTH_BUSY',
        })
      }
      entries.set(key, expiresAt)
    },
    get size() {
      return entries.size
    },
  }
}
