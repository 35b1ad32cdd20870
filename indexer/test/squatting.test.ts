// Registration by earliest claim (#17 item 3): the scripted history plus a squatter displaced by the owner's
// earlier commitment and a direct registration displaced while its job runs. Replayed through the handlers, the
// rows equal what the contract's views and logs say: the dataset rows show the owner who holds it now, and the
// royalty of the job granted under the displaced owner is credited to that owner.
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { applyEvent } from '../src/handlers/applyEvent.js'
import { createMemoryStore } from '../src/handlers/memoryStore.js'
import type { DataPolicyEvent } from '../src/handlers/types.js'
import { type Chainside, startChainside } from './chain.js'
import { readEvents } from './chainLogs.js'
import { expectedRows, type TablesJson } from './expectedRows.js'
import { actors, type History, runHistory } from './history.js'
import { memoryRows } from './rows.js'

let chain: Chainside
let history: History
let events: DataPolicyEvent[]
let expected: TablesJson

beforeAll(async () => {
  chain = await startChainside()
  history = await runHistory(chain, { squatting: true })
  events = await readEvents(chain, chain.deployment.blockNumber)
  expected = await expectedRows(chain, events, history)
}, 60_000)

afterAll(async () => {
  await chain?.stop()
})

describe('replaying a history with displaced registrations', () => {
  test('default: rebuilds every table as the contract reports it', async () => {
    const store = createMemoryStore()
    for (const event of events) expect(await applyEvent(store, event)).toBe(true)
    expect(memoryRows(store)).toEqual(expected)
  })

  test('behavior: the dataset rows name the current owners and keep each version with the owner who wrote it', () => {
    const [, , , d4, d5] = history.datasetRoots as [Hex, Hex, Hex, Hex, Hex]
    const address = (index: number) => chain.wallets[index]!.account.address.toLowerCase()
    const row = (root: Hex) => expected.dataset[root]!
    expect([row(d4).owner, row(d4).policyVersion, row(d5).owner, row(d5).policyVersion]).toEqual([
      address(actors.ownerB),
      2,
      address(actors.stranger),
      2,
    ])
    expect(
      [d4, d5].flatMap((root) =>
        [1, 2].map((version) => expected.policyVersion[`${root}:${version}`]!.owner),
      ),
    ).toEqual([
      address(actors.stranger),
      address(actors.ownerB),
      address(actors.ownerA),
      address(actors.stranger),
    ])
    expect(
      events.filter((e) => e.name === 'DatasetCommitted' || e.name === 'DatasetOwnerReplaced').length,
    ).toBe(4)
    expect(
      Object.values(expected.job)
        .slice(8)
        .map((job) => [job.id, job.state, job.failureCode, job.ownerAmount]),
    ).toEqual([
      ['9', 'Failed', 'DATASET_OWNER_REPLACED', '0'],
      // 2 epochs × 0.01 ETH royalty less the 1% fee, credited to ownerA (the account row equals `credits`).
      ['10', 'Completed', null, '19800000000000000'],
    ])
  })
})
