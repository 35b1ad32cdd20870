// Two orchestrator instances (two wallets) on one real PostgreSQL 15 share 50 jobs through row claims: every
// job is released, started and settled exactly once, and a job leased by a dead instance is taken over after
// its lease.

import { type Postgres, startPostgres } from '@licen/testing'
import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, parseGwei } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createJobStore } from '../src/db/jobStore.js'
import { migrate } from '../src/db/migrate.js'
import { openDatabase } from '../src/db/openDatabase.js'
import { type Orchestrator, startOrchestrator } from '../src/startOrchestrator.js'
import { terminalEvents } from './chainEvents.js'
import { orchestratorTransactions } from './chainTransactions.js'
import { type Environment, fastTiming, startEnvironment } from './environment.js'
import { type FakeProvider, startFakeProvider } from './fakeProvider.js'
import { publishDataset } from './publishDataset.js'
import { type OrchestratorJobView, waitForDone } from './waitFor.js'

const JOBS = 50
const GHOST_LEASE_SECONDS = 4
const resultPubKey = bytesToHex(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true))
const price = parseGwei('2')

let env: Environment
let pg: Postgres
let provider: FakeProvider
const instances: Orchestrator[] = []
let firstJob: bigint
let ghostReleasedAt: number

beforeAll(async () => {
  env = await startEnvironment()
  pg = await startPostgres()
  provider = await startFakeProvider({
    rpcUrl: env.chain.rpcUrl,
    chainId: env.chain.chainId,
    dataPolicy: env.chain.dataPolicy,
    tee: env.agent.tee,
  })
  const providerId = await env.chain.registerProvider(provider.url, price)
  const dataset = await publishDataset({
    chain: env.chain,
    storage: env.storage,
    releasePublicKey: env.releasePublicKey,
    jsonl: '{"text":"shared"}\n',
  })

  // A "dead" instance claimed the first job before dying: nobody may touch it until its lease runs out.
  const db = await openDatabase({ url: pg.url })
  await migrate(db)
  const ghost = createJobStore({ db, instance: 'ghost', leaseSeconds: GHOST_LEASE_SECONDS })
  firstJob = 1n
  await ghost.insertDiscovered([{ jobId: firstJob }])
  expect((await ghost.claim(1, [])).map((row) => row.jobId)).toEqual([firstJob])
  ghostReleasedAt = Date.now() + GHOST_LEASE_SECONDS * 1000
  await db.close()

  const config = (name: string, wallet: 'orchestrator' | 'orchestrator2') =>
    env.config(name, {
      wallet: { privateKey: env.chain.keyOf(wallet) },
      database: { url: pg.url },
      maxConcurrentJobs: 8,
      timing: { ...fastTiming, leaseSeconds: 5 },
    })
  instances.push(
    ...(await Promise.all([
      startOrchestrator(config('pg-a', 'orchestrator')),
      startOrchestrator(config('pg-b', 'orchestrator2')),
    ])),
  )
  for (let i = 0; i < JOBS; i++) {
    const jobId = await env.chain.requestAccess({
      datasetRoot: dataset.datasetRoot,
      epochs: 1,
      providerId,
      resultPubKey,
    })
    if (i === 0) expect(jobId).toBe(firstJob)
  }
}, 180_000)

afterAll(async () => {
  await Promise.all(instances.map((o) => o.stop()))
  await provider?.close()
  await pg?.stop()
  await env?.stop()
})

describe('two instances on one Postgres', () => {
  test('default: 50 jobs, each released, started and settled exactly once', async () => {
    const views: OrchestratorJobView[] = []
    for (let jobId = 1n; jobId <= BigInt(JOBS); jobId++)
      views.push(await waitForDone(instances[0]!.url, jobId, 120_000))
    expect(views.map((v) => v.outcome)).toEqual(Array(JOBS).fill('Completed'))

    // Chain: one terminal event per job, one startJob and one settlement transaction per job, none reverted.
    const terminals = await terminalEvents(env.chain.public, env.chain.dataPolicy)
    expect([...terminals.values()].map((t) => t.map((e) => e.name))).toEqual(
      Array(JOBS).fill(['JobCompleted']),
    )
    const sent = await orchestratorTransactions(
      env.chain.public,
      env.chain.dataPolicy,
      instances.map((o) => o.address),
      env.chain.deploymentBlock,
    )
    const count = (fn: string) => {
      const perJob = new Map<bigint, number>()
      for (const tx of sent) if (tx.fn === fn) perJob.set(tx.jobId, (perJob.get(tx.jobId) ?? 0) + 1)
      return [...perJob.values()]
    }
    expect(sent.filter((tx) => tx.status !== 'success')).toEqual([])
    expect(count('startJob')).toEqual(Array(JOBS).fill(1))
    expect(count('confirmTrainingComplete')).toEqual(Array(JOBS).fill(1))
    expect(sent).toHaveLength(2 * JOBS)

    // Provider: one attestation and one key handover per job, each from one orchestrator.
    const perJob = (list: { jobId: bigint; orchestrator: string }[]) => {
      const seen = new Map<bigint, string[]>()
      for (const entry of list) seen.set(entry.jobId, [...(seen.get(entry.jobId) ?? []), entry.orchestrator])
      return [...seen.values()].map((who) => who.length)
    }
    expect(perJob(provider.attests)).toEqual(Array(JOBS).fill(1))
    expect(perJob(provider.starts)).toEqual(Array(JOBS).fill(1))

    // Step log: every step began and ended once per job; both instances did work.
    for (const view of views) {
      expect(view.events.map((e) => `${e.step}:${e.phase}`)).toEqual([
        'attest:begin',
        'attest:end',
        'evidence:begin',
        'evidence:end',
        'startJob:begin',
        'startJob:end',
        'handover:begin',
        'handover:end',
        'settle:begin',
        'settle:end',
      ])
    }
    const workers = new Set(views.flatMap((v) => v.events.map((e) => e.instance)))
    expect([...workers].sort()).toEqual(['pg-a', 'pg-b'])
    const senders = new Set(sent.map((tx) => tx.from))
    expect(senders.size).toBe(2)
  }, 150_000)

  test("behavior: a dead instance's job waits for its lease, then is taken over", async () => {
    const response = await fetch(`${instances[1]!.url}/v1/jobs/${firstJob}`)
    const view = (await response.json()) as OrchestratorJobView & { events: { at: number }[] }
    expect(view.outcome).toBe('Completed')
    expect(view.events[0]!.at).toBeGreaterThanOrEqual(ghostReleasedAt - 1_000)
    expect(view.events.every((e) => e.instance !== 'ghost')).toBe(true)
  })
})
