import { BaseError } from '../errors.js'
import { parseQuote } from '../quote/parseQuote.js'
import { readPckExtension } from '../quote/pckExtension.js'
import { checkCollateralFreshness } from './checkCollateralFreshness.js'
import type { Collateral } from './collateralSchema.js'
import { type FetchCollateralParameters, fetchCollateral } from './fetchCollateral.js'

export type CollateralCacheParameters = Omit<FetchCollateralParameters, 'quote'> & {
  /** Longest time an entry is reused before refetching (default 1 hour); never past its documents' next update. */
  ttlSeconds?: number | undefined
  /** Platforms kept (default 64; the oldest is dropped). */
  maxEntries?: number | undefined
  /** Unix seconds now (default: the clock). */
  now?: (() => number) | undefined
  fetchCollateral?: typeof fetchCollateral | undefined
}

/** Collateral per platform, fetched from one PCCS and reused while fresh. */
export type CollateralCache = {
  get: (quote: Uint8Array) => Promise<Collateral>
  /** Entries currently held. */
  size: () => number
}

/**
 * Creates a collateral cache in front of a PCCS: one entry per (TEE type, FMSPC, PCK CA), reused for at most
 * `ttlSeconds` and never once a document is past its next update. Concurrent misses share one fetch.
 */
export function createCollateralCache(parameters: CollateralCacheParameters): CollateralCache {
  const ttl = parameters.ttlSeconds ?? 3600
  const maxEntries = parameters.maxEntries ?? 64
  const now = parameters.now ?? (() => Math.floor(Date.now() / 1000))
  const fetcher = parameters.fetchCollateral ?? fetchCollateral
  const entries = new Map<string, { expiresAt: number; collateral: Promise<Collateral> }>()
  return {
    size: () => entries.size,
    async get(quote) {
      const parsed = parseQuote(quote)
      if (!parsed.pckChain[0])
        throw new BaseError('QUOTE_INVALID', 'The quote carries no PCK certificate chain.')
      const { fmspc, ca } = readPckExtension(parsed.pckChain[0])
      const key = `${parsed.teeType}/${fmspc}/${ca}`
      const current = now()
      const hit = entries.get(key)
      if (hit && hit.expiresAt > current) return hit.collateral
      entries.delete(key)
      const collateral = fetcher({ ...parameters, quote })
      const entry = { expiresAt: current + ttl, collateral }
      entries.set(key, entry)
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!)
      try {
        const fetched = await collateral
        const freshness = checkCollateralFreshness(fetched, { now: current })
        entry.expiresAt = Math.min(entry.expiresAt, freshness.nextUpdate ?? current)
        return fetched
      } catch (error) {
        if (entries.get(key) === entry) entries.delete(key)
        throw error
      }
    },
  }
}
