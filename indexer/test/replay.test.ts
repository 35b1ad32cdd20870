// Replays the recorded logs of a scripted history through the handlers into an in-memory store and checks the
// rows equal what the contract's views and logs say, without Ponder in the loop.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { applyEvent } from '../src/handlers/applyEvent.js'
import { createMemoryStore } from '../src/handlers/memoryStore.js'
import type { DataPolicyEvent } from '../src/handlers/types.js'
import { type Chainside, startChainside } from './chain.js'
import { readEvents } from './chainLogs.js'
import { expectedRows, type TablesJson } from './expectedRows.js'
import { label, resultKey, runHistory } from './history.js'
import { memoryRows } from './rows.js'

let chain: Chainside
let events: DataPolicyEvent[]
let expected: TablesJson

beforeAll(async () => {
  chain = await startChainside()
  const history = await runHistory(chain)
  events = await readEvents(chain, chain.deployment.blockNumber)
  expected = await expectedRows(chain, events, history)
}, 60_000)

afterAll(async () => {
  await chain?.stop()
})

describe('replaying logs through the handlers', () => {
  test('default: rebuilds every table as the contract reports it', async () => {
    const store = createMemoryStore()
    for (const event of events) expect(await applyEvent(store, event)).toBe(true)
    expect(memoryRows(store)).toEqual(expected)
  })

  test('behavior: every event kind of the ABI occurs in the scripted history except EIP712DomainChanged', () => {
    expect([...new Set(events.map((e) => e.name))].sort()).toEqual([
      'AccessGranted',
      'AttestationPolicySet',
      'DatasetActiveSet',
      'DatasetRegistered',
      'JobCompleted',
      'JobFailed',
      'JobReclaimed',
      'JobStarted',
      'ManifestUpdated',
      'OrchestratorSet',
      'OwnershipTransferStarted',
      'OwnershipTransferred',
      'PolicyUpdated',
      'ProtocolFeeSet',
      'ProviderActiveSet',
      'ProviderRegistered',
      'ProviderUpdated',
      'ReleaseKeyRegistered',
      'ReleaseKeyRetired',
      'ReleaseKeyRevoked',
      'Withdrawn',
    ])
  })

  test('behavior: the history leaves jobs in every state the contract has', () => {
    expect(Object.values(expected.job).map((job) => [job.id, job.state])).toEqual([
      ['1', 'Completed'],
      ['2', 'Failed'],
      ['3', 'Failed'],
      ['4', 'Reclaimed'],
      ['5', 'Reclaimed'],
      ['6', 'Granted'],
      ['7', 'Running'],
      ['8', 'Completed'],
    ])
  })

  test('behavior: a job keeps the manifest of the version it was granted under; release keys keep their status', () => {
    const d2 = label('dataset-2')
    expect([expected.job['6']!.policyVersion, expected.job['7']!.policyVersion]).toEqual([1, 2])
    expect([1, 2].map((v) => expected.policyVersion[`${d2}:${v}`]!.manifestHash)).toEqual([
      label('manifest-2'),
      label('manifest-2b'),
    ])
    expect(expected.dataset[d2]!.manifestHash).toBe(label('manifest-2b'))
    expect(Object.values(expected.releaseKey).map((key) => [key.id, key.status, key.publicKey])).toEqual([
      ['1', 'Retired', resultKey('release-key-1')],
      ['2', 'Revoked', resultKey('release-key-2')],
      ['3', 'Active', resultKey('release-key-3')],
    ])
    expect(expected.attestationPolicyRecord[label('orchestrator-policy')]!.role).toBe('orchestrator')
  })

  test('behavior: applying every event a second time changes nothing', async () => {
    const store = createMemoryStore()
    for (const event of events) await applyEvent(store, event)
    const once = memoryRows(store)
    for (const event of events) expect(await applyEvent(store, event)).toBe(false)
    expect(memoryRows(store)).toEqual(once)
  })

  test('behavior: the contract balance equals credited balances plus escrow held', async () => {
    const balance = await chain.client.getBalance({ address: chain.address })
    const credits = Object.values(expected.account).reduce(
      (sum, row) => sum + BigInt(row.balance as string),
      0n,
    )
    const protocol = Object.values(expected.protocol)[0]!
    expect(balance).toBe(credits + BigInt(protocol.escrowHeld as string))
  })
})
