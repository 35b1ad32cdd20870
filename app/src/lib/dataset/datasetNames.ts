import type { Hex } from 'viem'

/** Loads the name a dataset's manifest gives it; `undefined` when it has none to give (unregistered root). */
export type DatasetNameLoader = (root: Hex) => Promise<string | undefined>

/** A per-page-load cache of dataset names by root (lower-case), in insertion order, bounded to `maxEntries`. */
export type DatasetNameCache = {
  /** The name, loading it once per root; a failed load is forgotten so the next call tries again. */
  get: (root: Hex) => Promise<string | undefined>
  /** Records a name already read from a manifest (the marketplace reads them all). */
  remember: (root: Hex, name: string) => void
}

/** Creates a bounded name cache over `load`. */
export function createDatasetNameCache(load: DatasetNameLoader, maxEntries = 500): DatasetNameCache {
  const names = new Map<string, Promise<string | undefined>>()
  const put = (key: string, value: Promise<string | undefined>) => {
    names.delete(key)
    names.set(key, value)
    if (names.size > maxEntries) names.delete(names.keys().next().value as string)
  }
  return {
    get(root) {
      const key = root.toLowerCase()
      const known = names.get(key)
      if (known) return known
      const loading = load(root).catch((error: unknown) => {
        if (names.get(key) === loading) names.delete(key)
        throw error
      })
      put(key, loading)
      return loading
    },
    remember(root, name) {
      put(root.toLowerCase(), Promise.resolve(name))
    },
  }
}
