import type { Manifest } from '@licen/sdk'
import { type Address, isAddressEqual } from 'viem'

/**
 * Whether the manifest's publisher is the dataset's on-chain owner. The dataset key is sealed naming the publisher,
 * so when they differ (a root registered by someone else) the orchestrator refuses every key release.
 */
export function publisherMatchesOwner(manifest: Pick<Manifest, 'publisher'>, owner: Address): boolean {
  return isAddressEqual(manifest.publisher.address as Address, owner)
}
