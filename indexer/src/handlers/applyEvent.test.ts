import { afterEach, describe, expect, test, vi } from 'vitest'
import { contract, event } from '../../test/events.js'
import { applyEvent } from './applyEvent.js'
import { createMemoryStore } from './memoryStore.js'
import type { DataPolicyEvent } from './types.js'

const admin = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const owner = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const operator = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const researcher = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
const treasury1 = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65'
const treasury2 = '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc'
const enclave = '0x976EA74026E726554dB657fA54763abd0C3a0aa9'
const zero = '0x0000000000000000000000000000000000000000'
const root = '0x64cb15b01d3638acae07043a5d3c77157b4b4c00b7a2de479ec7160340129cd0'
const manifest = '0xc973f01c30db151771eca5d5661d5262b8df81b0f801adc18cd689e95256cb4e'
const policyHash = '0x5b0f9436c819b53dbee8ea2c97c9b239e65dc59bc3413d5d08ecbb88caf2b2db'
const resultPubKey = '0x02fcb916dceffc4880f4e0e4448b100564754f88110f3c1df818b08ed103fac3c9'
const ref = `0x${'11'.repeat(32)}` as const
const resultRoot = `0x${'22'.repeat(32)}` as const
const receiptsHead = `0x${'33'.repeat(32)}` as const
const codeHash = `0x${'44'.repeat(32)}` as const

/** A settled job: escrow 33000 = 3 × (10000 + 1000); 2 epochs at 250 bps; the fee goes to treasury2. */
function settledHistory(): DataPolicyEvent[] {
  return [
    event('OwnershipTransferred', { previousOwner: zero, newOwner: admin }, 1n),
    event('AttestationPolicySet', { policyHash, allowed: true, uri: 'ipfs://policy', role: 1 }, 2n),
    event('ProtocolFeeSet', { feeBps: 250, treasury: treasury1 }, 3n),
    event(
      'ProviderRegistered',
      { providerId: 1, operator, endpoint: 'https://p.example', pricePerEpoch: 1_000n },
      4n,
    ),
    event(
      'DatasetRegistered',
      {
        datasetRoot: root,
        owner,
        manifestHash: manifest,
        policy: {
          royaltyPerEpoch: 10_000n,
          maxEpochsPerJob: 5,
          maxActiveJobsPerRequester: 2,
          sessionTtl: 3_600,
          expiry: 0,
          allowedPurposes: 3,
          attestationPolicy: policyHash,
        },
      },
      5n,
    ),
    event(
      'AccessGranted',
      {
        jobId: 1n,
        datasetRoot: root,
        requester: researcher,
        providerId: 1,
        epochs: 3,
        purposeId: 0,
        royaltyPerEpoch: 10_000n,
        pricePerEpoch: 1_000n,
        policyVersion: 1,
        feeBps: 250,
        deadline: 1_700_003_672,
        resultPubKey,
      },
      6n,
    ),
    event('ProtocolFeeSet', { feeBps: 100, treasury: treasury2 }, 7n),
    event('JobStarted', { jobId: 1n, enclaveSigner: enclave, attestationRef: ref, policyHash }, 8n),
    event(
      'JobCompleted',
      {
        jobId: 1n,
        actualEpochs: 2,
        resultRoot,
        receiptsHead,
        codeHash,
        ownerAmount: 19_500n,
        providerAmount: 1_950n,
        feeAmount: 550n,
        refund: 11_000n,
      },
      9n,
    ),
    event('Withdrawn', { account: owner, amount: 19_500n }, 10n),
  ]
}

async function replay(events: DataPolicyEvent[]) {
  const store = createMemoryStore()
  for (const e of events) await applyEvent(store, e)
  return store
}

afterEach(() => {
  vi.useRealTimers()
})

describe('applyEvent', () => {
  test('default: a settled job has every field, payout and transition time', async () => {
    const events = settledHistory()
    const store = await replay(events)
    expect(store.rows('job')).toEqual([
      {
        id: 1n,
        datasetRoot: root,
        requester: researcher.toLowerCase(),
        providerId: 1n,
        epochs: 3,
        purposeId: 0,
        royaltyPerEpoch: 10_000n,
        pricePerEpoch: 1_000n,
        policyVersion: 1,
        feeBps: 250,
        deadline: 1_700_003_672n,
        resultPubKey,
        resultKeyTag: '0xe05a5bf370c68b59aed1e489',
        escrow: 33_000n,
        state: 'Completed',
        enclaveSigner: enclave.toLowerCase(),
        attestationRef: ref,
        policyHash,
        actualEpochs: 2,
        resultRoot,
        receiptsHead,
        codeHash,
        ownerAmount: 19_500n,
        providerAmount: 1_950n,
        feeAmount: 550n,
        refund: 11_000n,
        failureReason: null,
        failureCode: null,
        failedByEnclave: null,
        reclaimedBy: null,
        grantedAt: 1_700_000_072n,
        grantedBlock: 6n,
        grantedTx: events[5]!.meta.txHash,
        startedAt: 1_700_000_096n,
        startedBlock: 8n,
        startedTx: events[7]!.meta.txHash,
        completedAt: 1_700_000_108n,
        failedAt: null,
        reclaimedAt: null,
        closedBlock: 9n,
        closedTx: events[8]!.meta.txHash,
        updatedBlock: 9n,
      },
    ])
  })

  test('behavior: settlement credits the owner, the operator, the treasury current at settlement and the requester', async () => {
    const store = await replay(settledHistory())
    expect(store.rows('account')).toEqual([
      { id: treasury2.toLowerCase(), credited: 550n, withdrawn: 0n, balance: 550n, updatedBlock: 9n },
      { id: owner.toLowerCase(), credited: 19_500n, withdrawn: 19_500n, balance: 0n, updatedBlock: 10n },
      { id: operator.toLowerCase(), credited: 1_950n, withdrawn: 0n, balance: 1_950n, updatedBlock: 9n },
      { id: researcher.toLowerCase(), credited: 11_000n, withdrawn: 0n, balance: 11_000n, updatedBlock: 9n },
    ])
    expect(store.rows('protocol')).toEqual([
      {
        id: contract.toLowerCase(),
        owner: admin.toLowerCase(),
        pendingOwner: zero,
        feeBps: 100,
        treasury: treasury2.toLowerCase(),
        datasetCount: 1,
        providerCount: 1,
        jobCount: 1,
        escrowHeld: 0n,
        feesEarned: 550n,
        updatedBlock: 9n,
      },
    ])
    const [dataset] = store.rows('dataset')
    expect(dataset).toMatchObject({
      jobCount: 1,
      openJobCount: 0,
      completedJobCount: 1,
      epochsTrained: 2n,
      royaltyEarned: 19_500n,
    })
    const [provider] = store.rows('provider')
    expect(provider).toMatchObject({ jobCount: 1, openJobCount: 0, completedJobCount: 1, earned: 1_950n })
    expect(store.rows('attestationPolicyRecord')).toEqual([
      {
        id: policyHash,
        allowed: true,
        uri: 'ipfs://policy',
        role: 'provider',
        jobsStarted: 1,
        updatedAt: 1_700_000_024n,
        updatedBlock: 2n,
      },
    ])
  })

  test('behavior: the activity feed has one row per event with its subject and JSON arguments', async () => {
    const events = settledHistory()
    const store = await replay(events)
    const feed = store.rows('activityEvent')
    expect(feed.map((row) => [row.id, row.name, row.jobId, row.account])).toEqual([
      ['000000000001:000000', 'OwnershipTransferred', null, admin.toLowerCase()],
      ['000000000002:000000', 'AttestationPolicySet', null, null],
      ['000000000003:000000', 'ProtocolFeeSet', null, treasury1.toLowerCase()],
      ['000000000004:000000', 'ProviderRegistered', null, operator.toLowerCase()],
      ['000000000005:000000', 'DatasetRegistered', null, owner.toLowerCase()],
      ['000000000006:000000', 'AccessGranted', 1n, researcher.toLowerCase()],
      ['000000000007:000000', 'ProtocolFeeSet', null, treasury2.toLowerCase()],
      ['000000000008:000000', 'JobStarted', 1n, researcher.toLowerCase()],
      ['000000000009:000000', 'JobCompleted', 1n, researcher.toLowerCase()],
      ['000000000010:000000', 'Withdrawn', null, owner.toLowerCase()],
    ])
    expect(feed.find((row) => row.name === 'DatasetRegistered')!.args).toEqual({
      datasetRoot: root,
      owner: owner.toLowerCase(),
      manifestHash: manifest,
      policy: {
        royaltyPerEpoch: '10000',
        maxEpochsPerJob: '5',
        maxActiveJobsPerRequester: '2',
        sessionTtl: '3600',
        expiry: '0',
        allowedPurposes: '3',
        attestationPolicy: policyHash,
      },
    })
    expect(feed.find((row) => row.name === 'JobCompleted')).toMatchObject({
      datasetRoot: root,
      providerId: 1n,
      blockNumber: 9n,
      timestamp: 1_700_000_108n,
      txHash: events[8]!.meta.txHash,
    })
  })

  test('behavior: applying an event twice changes nothing the second time', async () => {
    const events = settledHistory()
    const store = createMemoryStore()
    for (const e of events) {
      expect(await applyEvent(store, e)).toBe(true)
      const before = (['dataset', 'provider', 'job', 'account', 'protocol', 'activityEvent'] as const).map(
        (t) => store.rows(t),
      )
      expect(await applyEvent(store, e)).toBe(false)
      expect(
        (['dataset', 'provider', 'job', 'account', 'protocol', 'activityEvent'] as const).map((t) =>
          store.rows(t),
        ),
      ).toEqual(before)
    }
  })

  test('behavior: the wall clock does not affect the result', async () => {
    const events = settledHistory()
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2001-01-01T00:00:00Z'))
    const early = await replay(events)
    vi.setSystemTime(new Date('2099-12-31T23:59:59Z'))
    const late = await replay(events)
    for (const table of ['dataset', 'job', 'account', 'protocol', 'activityEvent'] as const) {
      expect(late.rows(table)).toEqual(early.rows(table))
    }
  })

  test('error: an event about an unknown job fails with INCONSISTENT_STATE', async () => {
    const store = createMemoryStore()
    const started = event(
      'JobStarted',
      { jobId: 7n, enclaveSigner: enclave, attestationRef: ref, policyHash },
      1n,
    )
    await expect(applyEvent(store, started)).rejects.toMatchObject({
      name: 'InconsistentStateError',
      code: 'INCONSISTENT_STATE',
      shortMessage: 'JobStarted refers to an unknown job',
      details: 'job 7 is not indexed',
    })
  })

  test('error: a transition the contract forbids fails with INCONSISTENT_STATE', async () => {
    const events = settledHistory().slice(0, 6)
    const store = await replay(events)
    const completed = event(
      'JobCompleted',
      {
        jobId: 1n,
        actualEpochs: 1,
        resultRoot,
        receiptsHead,
        codeHash,
        ownerAmount: 0n,
        providerAmount: 0n,
        feeAmount: 0n,
        refund: 0n,
      },
      7n,
    )
    await expect(applyEvent(store, completed)).rejects.toMatchObject({
      code: 'INCONSISTENT_STATE',
      shortMessage: 'JobCompleted for a job in state Granted',
    })
  })

  test('error: a withdrawal that differs from the indexed balance fails with INCONSISTENT_STATE', async () => {
    const store = await replay(settledHistory().slice(0, 9))
    const withdrawn = event('Withdrawn', { account: operator, amount: 1_951n }, 10n)
    await expect(applyEvent(store, withdrawn)).rejects.toMatchObject({
      code: 'INCONSISTENT_STATE',
      details: `account ${operator.toLowerCase()} withdrew 1951, indexed balance 1950`,
    })
  })

  test('behavior: DatasetOwnerReplaced gives the row the owner who took the dataset back; old versions stay', async () => {
    const events = settledHistory()
    const store = await replay(events.slice(0, 5))
    const registered = events[4] as DataPolicyEvent<'DatasetRegistered'>
    const commitment = `0x${'55'.repeat(32)}` as const
    expect(await applyEvent(store, event('DatasetCommitted', { commitment }, 6n))).toBe(true)
    const policy = { ...registered.args.policy, royaltyPerEpoch: 7n }
    await applyEvent(
      store,
      event(
        'DatasetOwnerReplaced',
        {
          datasetRoot: root,
          previousOwner: owner,
          owner: researcher,
          manifestHash: ref,
          policyVersion: 2,
          policy,
        },
        7n,
      ),
    )
    const row = await store.find('dataset', root)
    expect(row).toMatchObject({
      owner: researcher.toLowerCase(),
      manifestHash: ref,
      active: true,
      policyVersion: 2,
      royaltyPerEpoch: 7n,
      registeredBlock: 5n,
      updatedBlock: 7n,
    })
    expect(await store.find('policyVersion', `${root}:1`)).toMatchObject({
      owner: owner.toLowerCase(),
      royaltyPerEpoch: 10_000n,
    })
    expect(await store.find('policyVersion', `${root}:2`)).toMatchObject({
      owner: researcher.toLowerCase(),
      royaltyPerEpoch: 7n,
    })
    expect((await store.find('activityEvent', '000000000006:000000'))?.args).toEqual({ commitment })
  })

  test('behavior: ManifestUpdated names the new manifest on the dataset and on the version it opened', async () => {
    const events = settledHistory()
    const store = await replay(events.slice(0, 5))
    const registered = events[4] as DataPolicyEvent<'DatasetRegistered'>
    const newManifest = `0x${'66'.repeat(32)}` as const
    // updateManifest emits PolicyUpdated (same terms, version 2) and ManifestUpdated in one transaction.
    await applyEvent(
      store,
      event('PolicyUpdated', { datasetRoot: root, version: 2, policy: registered.args.policy }, 6n),
    )
    await applyEvent(
      store,
      event(
        'ManifestUpdated',
        { datasetRoot: root, policyVersion: 2, manifestHash: newManifest, previousManifestHash: manifest },
        6n,
        1,
      ),
    )
    expect(await store.find('dataset', root)).toMatchObject({
      manifestHash: newManifest,
      policyVersion: 2,
      updatedBlock: 6n,
    })
    expect(store.rows('policyVersion').map((row) => [row.id, row.manifestHash])).toEqual([
      [`${root}:1`, manifest],
      [`${root}:2`, newManifest],
    ])
    expect(await store.find('activityEvent', '000000000006:000001')).toMatchObject({
      name: 'ManifestUpdated',
      datasetRoot: root,
      account: owner.toLowerCase(),
    })
  })

  test('behavior: release keys are registered Active, then retired and revoked', async () => {
    const store = createMemoryStore()
    const orchestratorPolicy = `0x${'77'.repeat(32)}` as const
    const evidenceRef = `0x${'88'.repeat(32)}` as const
    const events = [
      event(
        'AttestationPolicySet',
        { policyHash: orchestratorPolicy, allowed: true, uri: 'ipfs://orchestrator', role: 2 },
        1n,
      ),
      event(
        'ReleaseKeyRegistered',
        { keyId: 1, policyHash: orchestratorPolicy, publicKey: resultPubKey, evidenceRef },
        2n,
      ),
      event('ReleaseKeyRetired', { keyId: 1 }, 3n),
      event('ReleaseKeyRevoked', { keyId: 1 }, 4n),
    ]
    for (const e of events.slice(0, 2)) await applyEvent(store, e)
    const active = {
      id: 1n,
      publicKey: resultPubKey,
      evidenceRef,
      policyHash: orchestratorPolicy,
      status: 'Active',
      registeredAt: 1_700_000_024n,
      registeredBlock: 2n,
      registeredTx: events[1]!.meta.txHash,
      retiredAt: null,
      retiredBlock: null,
      revokedAt: null,
      revokedBlock: null,
      updatedBlock: 2n,
    }
    expect(store.rows('releaseKey')).toEqual([active])
    expect((await store.find('attestationPolicyRecord', orchestratorPolicy))?.role).toBe('orchestrator')
    await applyEvent(store, events[2]!)
    expect(store.rows('releaseKey')).toEqual([
      { ...active, status: 'Retired', retiredAt: 1_700_000_036n, retiredBlock: 3n, updatedBlock: 3n },
    ])
    await applyEvent(store, events[3]!)
    expect(store.rows('releaseKey')).toEqual([
      {
        ...active,
        status: 'Revoked',
        retiredAt: 1_700_000_036n,
        retiredBlock: 3n,
        revokedAt: 1_700_000_048n,
        revokedBlock: 4n,
        updatedBlock: 4n,
      },
    ])
  })

  test('error: a status change of an unknown release key or an unknown policy role fails with INCONSISTENT_STATE', async () => {
    const store = createMemoryStore()
    await expect(applyEvent(store, event('ReleaseKeyRevoked', { keyId: 9 }, 1n))).rejects.toMatchObject({
      code: 'INCONSISTENT_STATE',
      shortMessage: 'ReleaseKeyRevoked refers to an unknown releaseKey',
      details: 'releaseKey 9 is not indexed',
    })
    await expect(
      applyEvent(store, event('AttestationPolicySet', { policyHash, allowed: true, uri: '', role: 0 }, 2n)),
    ).rejects.toMatchObject({ code: 'INCONSISTENT_STATE', details: 'role 0' })
  })

  test('error: registering an indexed dataset again fails with INCONSISTENT_STATE', async () => {
    const events = settledHistory()
    const store = await replay(events.slice(0, 5))
    const registered = events[4] as DataPolicyEvent<'DatasetRegistered'>
    const again = event('DatasetRegistered', registered.args, 11n)
    await expect(applyEvent(store, again)).rejects.toMatchObject({
      code: 'INCONSISTENT_STATE',
      details: `dataset ${root}`,
    })
  })
})
