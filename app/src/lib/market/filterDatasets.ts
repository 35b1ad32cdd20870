import { allowsPurpose } from '../format/purposes.js'
import type { DatasetSummary } from './reduceDatasetEvents.js'

/** What the marketplace filters by. */
export type DatasetFilters = {
  /** Free text matched against root, owner, manifest hash and (when known) the manifest's name and description. */
  text: string
  activeOnly: boolean
  /** Purpose id the dataset must allow, or `undefined` for any. */
  purpose: number | undefined
  /** Highest royalty per epoch in wei, or `undefined` for any. */
  maxRoyalty: bigint | undefined
  /** Unix seconds now, to hide expired policies when `activeOnly` is set. */
  now: number
}

/** Searchable manifest text, by manifest hash (filled in as manifests load). */
export type ManifestText = Record<
  string,
  { name: string; description: string; rowCount?: number; byteSize?: number } | undefined
>

/** Applies the marketplace filters; keeps the input order. */
export function filterDatasets(
  datasets: readonly DatasetSummary[],
  filters: DatasetFilters,
  manifests: ManifestText = {},
): DatasetSummary[] {
  const words = filters.text.toLowerCase().split(/\s+/).filter(Boolean)
  return datasets.filter((dataset) => {
    if (filters.activeOnly) {
      if (!dataset.active) return false
      if (dataset.policy.expiry !== 0 && dataset.policy.expiry <= filters.now) return false
    }
    if (filters.purpose !== undefined && !allowsPurpose(dataset.policy.allowedPurposes, filters.purpose))
      return false
    if (filters.maxRoyalty !== undefined && dataset.policy.royaltyPerEpoch > filters.maxRoyalty) return false
    if (words.length === 0) return true
    const manifest = manifests[dataset.manifestHash]
    const haystack = [
      dataset.root,
      dataset.owner,
      dataset.manifestHash,
      manifest?.name ?? '',
      manifest?.description ?? '',
    ]
      .join(' ')
      .toLowerCase()
    return words.every((word) => haystack.includes(word))
  })
}
