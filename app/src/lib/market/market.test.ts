import type { Hex } from 'viem'
import { describe, expect, test } from 'vitest'
import type { PolicyOnChain } from '../chain/dataPolicy.js'
import { filterDatasets } from './filterDatasets.js'
import { type DatasetEvent, reduceDatasetEvents } from './reduceDatasetEvents.js'

const root = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex
const owner = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const policy = (over: Partial<PolicyOnChain> = {}): PolicyOnChain => ({
  royaltyPerEpoch: 10n ** 15n,
  maxEpochsPerJob: 5,
  maxActiveJobsPerRequester: 2,
  sessionTtl: 3600,
  expiry: 0,
  allowedPurposes: 0b1,
  attestationPolicy: root(0),
  ...over,
})
const registered = (n: number, block: bigint): DatasetEvent => ({
  eventName: 'DatasetRegistered',
  blockNumber: block,
  logIndex: 0,
  args: { datasetRoot: root(n), owner, manifestHash: root(100 + n), policy: policy() },
})

describe('reduceDatasetEvents', () => {
  test('default', () => {
    expect(reduceDatasetEvents([registered(1, 5n)])).toEqual([
      {
        root: root(1),
        owner,
        manifestHash: root(101),
        active: true,
        policyVersion: 1,
        policy: policy(),
        registeredBlock: 5n,
      },
    ])
  })

  test('behavior: applies updates in chain order whatever the input order, newest dataset first', () => {
    const events: DatasetEvent[] = [
      {
        eventName: 'DatasetActiveSet',
        blockNumber: 9n,
        logIndex: 1,
        args: { datasetRoot: root(1), active: true },
      },
      {
        eventName: 'DatasetActiveSet',
        blockNumber: 9n,
        logIndex: 0,
        args: { datasetRoot: root(1), active: false },
      },
      {
        eventName: 'PolicyUpdated',
        blockNumber: 7n,
        logIndex: 0,
        args: { datasetRoot: root(1), version: 2, policy: policy({ royaltyPerEpoch: 7n }) },
      },
      registered(2, 6n),
      registered(1, 5n),
    ]
    const list = reduceDatasetEvents(events)
    expect(list.map((d) => [d.root, d.active, d.policyVersion, d.policy.royaltyPerEpoch])).toEqual([
      [root(2), true, 1, 10n ** 15n],
      [root(1), true, 2, 7n],
    ])
  })

  test('behavior: DatasetOwnerReplaced hands a squatted copy to the owner who committed first', () => {
    const publisher = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
    const replaced: DatasetEvent = {
      eventName: 'DatasetOwnerReplaced',
      blockNumber: 7n,
      logIndex: 1,
      args: {
        datasetRoot: root(1),
        previousOwner: owner,
        owner: publisher,
        manifestHash: root(201),
        policyVersion: 2,
        policy: policy({ royaltyPerEpoch: 7n }),
      },
    }
    const inactive: DatasetEvent = {
      eventName: 'DatasetActiveSet',
      blockNumber: 6n,
      logIndex: 0,
      args: { datasetRoot: root(1), active: false },
    }
    expect(reduceDatasetEvents([replaced, inactive, registered(1, 5n)])).toEqual([
      {
        root: root(1),
        owner: publisher,
        manifestHash: root(201),
        active: true,
        policyVersion: 2,
        policy: policy({ royaltyPerEpoch: 7n }),
        registeredBlock: 5n,
        formerOwners: [owner],
      },
    ])
  })

  test('behavior: ignores events for unknown datasets and repeated registrations', () => {
    const list = reduceDatasetEvents([
      {
        eventName: 'DatasetActiveSet',
        blockNumber: 1n,
        logIndex: 0,
        args: { datasetRoot: root(3), active: false },
      },
      registered(1, 2n),
      { ...registered(1, 3n), args: { ...registered(1, 3n).args, manifestHash: root(999) } } as DatasetEvent,
    ])
    expect(list.map((d) => [d.root, d.manifestHash])).toEqual([[root(1), root(101)]])
  })
})

describe('filterDatasets', () => {
  const base = reduceDatasetEvents([registered(1, 1n), registered(2, 2n), registered(3, 3n)])
  const [d3, d2, d1] = base as [
    NonNullable<(typeof base)[0]>,
    NonNullable<(typeof base)[0]>,
    NonNullable<(typeof base)[0]>,
  ]
  d2.active = false
  d3.policy = policy({ expiry: 100, allowedPurposes: 0b110, royaltyPerEpoch: 5n })
  const none = { text: '', activeOnly: false, purpose: undefined, maxRoyalty: undefined, now: 50 }

  test('default', () => {
    expect(filterDatasets(base, none)).toEqual(base)
  })

  test('args: active only hides delisted and expired', () => {
    expect(filterDatasets(base, { ...none, activeOnly: true }).map((d) => d.root)).toEqual([root(3), root(1)])
    expect(filterDatasets(base, { ...none, activeOnly: true, now: 100 }).map((d) => d.root)).toEqual([
      root(1),
    ])
  })

  test('args: purpose and royalty cap', () => {
    expect(filterDatasets(base, { ...none, purpose: 2 }).map((d) => d.root)).toEqual([root(3)])
    expect(filterDatasets(base, { ...none, maxRoyalty: 5n }).map((d) => d.root)).toEqual([root(3)])
  })

  test('args: every word must match root, owner or manifest text', () => {
    const manifests = { [d1.manifestHash]: { name: 'Medical QA', description: 'Clinical notes' } }
    expect(filterDatasets(base, { ...none, text: 'medical clinical' }, manifests).map((d) => d.root)).toEqual(
      [root(1)],
    )
    expect(filterDatasets(base, { ...none, text: 'medical finance' }, manifests)).toEqual([])
    expect(filterDatasets(base, { ...none, text: '70997970' })).toHaveLength(3)
  })
})
