import { quotePlatform } from '../quote/quotePlatform.js'
import { checkCollateralFreshness } from './checkCollateralFreshness.js'
import type { Collateral } from './collateralSchema.js'
import { fetchPlatformCollateral, type PccsParameters } from './fetchCollateral.js'

export type CollateralCacheParameters = PccsParameters & {
  /** Longest time an entry is reused before refetching (default 1 hour); never past its documents' next update. */
  ttlSeconds?: number | undefined
  /** Platforms kept (default 64; the oldest is dropped). */
  maxEntries?: number | undefined
  /** Unix seconds now (default: the clock). */
  now?: (() => number) | undefined
  fetchCollateral?: typeof fetchPlatformCollateral | undefined
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
  const fetcher = parameters.fetchCollateral ?? fetchPlatformCollateral
  const entries = new Map<string, { expiresAt: number; collateral: Promise<Collateral> }>()
  return {
    size: () => entries.size,
    async get(quote) {
      const platform = quotePlatform(quote)
      const key = `${platform.teeType}/${platform.fmspc}/${platform.ca}`
      const current = now()
      const hit = entries.get(key)
      if (hit && hit.expiresAt > current) return hit.collateral
      entries.delete(key)
      const collateral = fetcher(platform, parameters)
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
