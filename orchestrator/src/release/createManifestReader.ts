import {
  MANIFEST_MAX_BYTES,
  type Manifest,
  ManifestError,
  parseManifest,
  type StorageAdapter,
} from '@licen/sdk'
import { readBounded } from '@licen/sdk/http'
import type { Address, Hex } from 'viem'
import { OrchestratorError } from '../errors.js'

/** Reads dataset manifests from storage, verified against their root and cached (they are immutable). */
export type ManifestReader = {
  /**
   * The manifest stored under `manifestHash`. Storage problems throw `MANIFEST_UNAVAILABLE` (transient); a
   * malformed manifest throws the sdk's `MANIFEST_*` error (permanent).
   */
  read: (manifestHash: Hex) => Promise<Manifest>
  /**
   * The manifest hash a job granted under policy `policyVersion` uses (`manifestAt`: an owner's `updateManifest`
   * writes a new version, so a job keeps the manifest it was granted under) and the dataset's owner (cached).
   */
  datasetOf: (datasetRoot: Hex, policyVersion: number) => Promise<RegisteredDataset>
}

/** What a dataset was registered with on chain. */
export type RegisteredDataset = { manifestHash: Hex; owner: Address }

/** Creates a manifest reader with an LRU of `maxEntries` parsed manifests. */
export function createManifestReader(parameters: {
  storage: StorageAdapter
  timeoutMs: number
  /** Reads a dataset's owner from chain. */
  readOwner: (datasetRoot: Hex) => Promise<Address>
  /** Reads the manifest hash of a dataset's policy version from chain (`manifestAt`). */
  readManifestAt: (datasetRoot: Hex, policyVersion: number) => Promise<Hex>
  maxEntries?: number | undefined
}): ManifestReader {
  const owners = new Map<string, Address>()
  const maxEntries = parameters.maxEntries ?? 256
  const cache = new Map<string, Promise<Manifest>>()
  const load = async (manifestHash: Hex): Promise<Manifest> => {
    let bytes: Uint8Array
    try {
      bytes = await download(parameters.storage, manifestHash, parameters.timeoutMs)
    } catch (error) {
      if ((error as { code?: string }).code === 'MANIFEST_TOO_LARGE') throw error
      throw new OrchestratorError('The dataset manifest could not be fetched.', {
        code: 'MANIFEST_UNAVAILABLE',
        details: `${manifestHash}: ${(error as { code?: string }).code ?? 'download failed'}`,
        cause: error,
      })
    }
    return parseManifest(bytes)
  }
  return {
    async datasetOf(datasetRoot, policyVersion) {
      const key = datasetRoot.toLowerCase()
      const manifestHash = parameters.readManifestAt(datasetRoot, policyVersion)
      let owner = owners.get(key)
      if (owner === undefined) {
        owner = await parameters.readOwner(datasetRoot)
        if (owners.size >= maxEntries * 16) owners.clear()
        owners.set(key, owner)
      }
      return { manifestHash: await manifestHash, owner }
    },
    read(manifestHash) {
      const key = manifestHash.toLowerCase()
      const hit = cache.get(key)
      if (hit) {
        cache.delete(key)
        cache.set(key, hit)
        return hit
      }
      const entry = load(manifestHash)
      cache.set(key, entry)
      entry.catch(() => cache.delete(key))
      while (cache.size > maxEntries) cache.delete(cache.keys().next().value!)
      return entry
    },
  }
}

async function download(storage: StorageAdapter, root: Hex, timeoutMs: number): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(timeoutMs)
  const stream = await storage.download(root, { signal })
  return readBounded(stream, {
    maxBytes: MANIFEST_MAX_BYTES,
    tooLarge: () =>
      new ManifestError('Manifest is too large.', {
        code: 'MANIFEST_TOO_LARGE',
        details: `more than ${MANIFEST_MAX_BYTES} bytes`,
      }),
  })
}
