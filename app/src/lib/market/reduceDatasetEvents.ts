import type { Address, Hex } from 'viem'
import type { PolicyOnChain } from '../chain/dataPolicy.js'

/** A dataset as the marketplace lists it. */
export type DatasetSummary = {
  root: Hex
  owner: Address
  manifestHash: Hex
  active: boolean
  policyVersion: number
  policy: PolicyOnChain
  registeredBlock: bigint
  /** Accounts that held the dataset before an owner with an earlier commitment took it back (oldest first). */
  formerOwners?: Address[]
}

/** The DataPolicy dataset events, as viem decodes them, with their block for ordering. */
export type DatasetEvent =
  | {
      eventName: 'DatasetRegistered'
      blockNumber: bigint
      logIndex: number
      args: { datasetRoot: Hex; owner: Address; manifestHash: Hex; policy: PolicyOnChain }
    }
  | {
      eventName: 'PolicyUpdated'
      blockNumber: bigint
      logIndex: number
      args: { datasetRoot: Hex; version: number; policy: PolicyOnChain }
    }
  | {
      eventName: 'DatasetActiveSet'
      blockNumber: bigint
      logIndex: number
      args: { datasetRoot: Hex; active: boolean }
    }
  | {
      eventName: 'DatasetOwnerReplaced'
      blockNumber: bigint
      logIndex: number
      args: {
        datasetRoot: Hex
        previousOwner: Address
        owner: Address
        manifestHash: Hex
        policyVersion: number
        policy: PolicyOnChain
      }
    }

/**
 * Rebuilds the dataset list from DataPolicy events (the fallback when the indexer cannot answer). Events are
 * applied in chain order; events for unknown datasets are ignored. Newest registration first.
 */
export function reduceDatasetEvents(events: readonly DatasetEvent[]): DatasetSummary[] {
  const ordered = [...events].sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
  )
  const datasets = new Map<Hex, DatasetSummary>()
  for (const event of ordered) {
    const root = event.args.datasetRoot.toLowerCase() as Hex
    if (event.eventName === 'DatasetRegistered') {
      if (datasets.has(root)) continue
      datasets.set(root, {
        root,
        owner: event.args.owner,
        manifestHash: event.args.manifestHash,
        active: true,
        policyVersion: 1,
        policy: event.args.policy,
        registeredBlock: event.blockNumber,
      })
      continue
    }
    const dataset = datasets.get(root)
    if (!dataset) continue
    if (event.eventName === 'PolicyUpdated') {
      dataset.policyVersion = event.args.version
      dataset.policy = event.args.policy
    } else if (event.eventName === 'DatasetOwnerReplaced') {
      dataset.formerOwners = [...(dataset.formerOwners ?? []), event.args.previousOwner]
      dataset.owner = event.args.owner
      dataset.manifestHash = event.args.manifestHash
      dataset.active = true
      dataset.policyVersion = event.args.policyVersion
      dataset.policy = event.args.policy
    } else dataset.active = event.args.active
  }
  return [...datasets.values()].sort((a, b) =>
    a.registeredBlock === b.registeredBlock ? 0 : a.registeredBlock > b.registeredBlock ? -1 : 1,
  )
}
