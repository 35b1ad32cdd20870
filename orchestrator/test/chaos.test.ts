// Chaos: the orchestrator program is SIGKILLed at every step boundary in turn (before a side effect is
// recorded as begun, right after the side effect before it is recorded, and after), each time restarted on the
// same PGlite directory. Every job must still end exactly once, no key may reach two providers or keys, and no
// settlement may be sent twice.
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '@licen/contracts'
import { dataPolicyAbi, readJob } from '@licen/sdk'
import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, parseGwei } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { terminalEvents } from './chainEvents.js'
import { orchestratorTransactions } from './chainTransactions.js'
import { type Environment, startEnvironment } from './environment.js'
import { type Behaviour, type FakeProvider, startFakeProvider } from './fakeProvider.js'
import { type OrchestratorProcess, spawnOrchestrator } from './orchestratorProcess.js'
import { type PublishedDataset, publishDataset } from './publishDataset.js'
import { type OrchestratorJobView, waitForDone } from './waitFor.js'

const LOCAL_POLICY = resolve(
  fileURLToPath(new URL('../../attestation-policy/policies/local.json', import.meta.url)),
)
const resultPubKey = bytesToHex(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true))
const price = parseGwei('2')
const royalty = parseGwei('3')
const epochs = 2

/**
 * Kill points: every distinct step boundary (`attest:end` is recorded together with `evidence:begin`,
 * `evidence:end` with `startJob:begin` and `startJob:end` with `handover:begin`, so each pair is one boundary),
 * and what the provider does with
 * the job: finish (settled by confirmTrainingComplete), fail (reportJobFailure), or a bad quote (markJobFailed).
 */
const KILL_POINTS: [string, 'begin' | 'effect' | 'end', Behaviour][] = [
  ['attest', 'begin', 'finish'],
  ['attest', 'effect', 'finish'],
  ['attest', 'end', 'finish'],
  ['evidence', 'effect', 'finish'],
  ['evidence', 'end', 'finish'],
  ['startJob', 'effect', 'finish'],
  ['startJob', 'end', 'finish'],
  ['handover', 'effect', 'finish'],
  ['handover', 'end', 'finish'],
  ['settle', 'begin', 'finish'],
  ['settle', 'effect', 'finish'],
  ['settle', 'end', 'finish'],
  ['settle', 'begin', 'fail'],
  ['settle', 'effect', 'fail'],
  ['settle', 'end', 'fail'],
  ['fail', 'begin', 'badQuote'],
  ['fail', 'effect', 'badQuote'],
  ['fail', 'end', 'badQuote'],
]

let env: Environment
let provider: FakeProvider
let providerId: number
let dataset: PublishedDataset
let port: number
let baseEnv: Record<string, string>
const jobs = new Map<bigint, { point: string; behaviour: Behaviour }>()
const runs: {
  point: string
  exit: { code: number | null; signal: NodeJS.Signals | null }
  lines: string[]
}[] = []
let final: OrchestratorProcess | undefined

beforeAll(async () => {
  env = await startEnvironment()
  provider = await startFakeProvider({
    rpcUrl: env.chain.rpcUrl,
    chainId: env.chain.chainId,
    dataPolicy: env.chain.dataPolicy,
    tee: env.agent.tee,
  })
  providerId = await env.chain.registerProvider(provider.url, price)
  dataset = await publishDataset({
    chain: env.chain,
    storage: env.storage,
    releasePublicKey: env.releasePublicKey,
    jsonl: '{"text":"chaos"}\n',
  })
  port = await freePort()
  baseEnv = {
    LICEN_RPC_URL: env.chain.rpcUrl,
    LICEN_CHAIN_ID: String(env.chain.chainId),
    LICEN_DATA_POLICY: env.chain.dataPolicy,
    LICEN_FROM_BLOCK: String(env.chain.deploymentBlock),
    LICEN_ORCHESTRATOR_KEY: env.chain.keyOf('orchestrator'),
    LICEN_RELEASE_KEY_SOURCE: 'env',
    LICEN_RELEASE_KEY: env.releaseKey,
    LICEN_STORAGE_URL: env.storageNode.url,
    LICEN_PCCS_URL: env.agent.url,
    LICEN_POLICY_FILES: LOCAL_POLICY,
    LICEN_ORCHESTRATOR_DATA_DIR: join(env.workDir, 'chaos-db'),
    LICEN_ORCHESTRATOR_PORT: String(port),
    LICEN_LOG_LEVEL: 'debug',
    LICEN_DISCOVERY_INTERVAL_MS: '100',
    LICEN_WORK_INTERVAL_MS: '50',
    LICEN_TRACK_INTERVAL_MS: '100',
    LICEN_RETRY_DELAY_MS: '100',
    LICEN_LEASE_SECONDS: '1',
    LICEN_MIN_RUN_SECONDS: '120',
    LICEN_RECEIPT_POLLING_MS: '20',
  }

  for (const [step, phase, behaviour] of KILL_POINTS) {
    const point = `${step}:${phase}${behaviour === 'finish' ? '' : ` (${behaviour})`}`
    const jobId = (await env.chain.public.readContract({
      address: env.chain.dataPolicy,
      abi: dataPolicyAbi,
      functionName: 'nextJobId',
    })) as bigint
    provider.behaviour.set(jobId, behaviour)
    jobs.set(jobId, { point, behaviour })
    const run = await spawnOrchestrator(
      { ...baseEnv, LICEN_ORCHESTRATOR_FAULT_KILL_AT: `${step}:${phase}:${jobId}` },
      port,
    )
    await env.chain.requestAccess({ datasetRoot: dataset.datasetRoot, epochs, providerId, resultPubKey })
    const exit = await Promise.race([
      run.exited,
      new Promise<undefined>((r) => setTimeout(r, 60_000)).then(() => {
        run.child.kill('SIGKILL')
        return undefined
      }),
    ])
    runs.push({ point, exit: exit ?? { code: null, signal: null }, lines: run.lines })
    await run.exited
  }
  final = await spawnOrchestrator(baseEnv, port)
}, 600_000)

afterAll(async () => {
  if (final && final.child.exitCode === null) {
    final.child.kill('SIGTERM')
    await final.exited
  }
  await provider?.close()
  await env?.stop()
})

describe('chaos: SIGKILL at every step boundary', () => {
  test('default: each run died exactly at its kill point', () => {
    const died = runs.map((run) => ({
      point: run.point,
      signal: run.exit.signal,
      killedThere: run.lines.some((line) => line.includes('fault injection: killing this process')),
    }))
    expect(died).toEqual(runs.map((run) => ({ point: run.point, signal: 'SIGKILL', killedThere: true })))
  })

  test('behavior: every job ends exactly once, as its provider decided', async () => {
    const views = new Map<bigint, OrchestratorJobView>()
    for (const jobId of jobs.keys()) views.set(jobId, await waitForDone(final!.url, jobId, 120_000))
    const terminals = await terminalEvents(env.chain.public, env.chain.dataPolicy)
    const found = [...jobs].map(([jobId, { point }]) => ({
      point,
      outcome: views.get(jobId)!.outcome,
      events: terminals
        .get(jobId)
        ?.map((t) => (t.name === 'JobFailed' ? `${t.name} ${t.reason} byEnclave=${t.byEnclave}` : t.name)),
    }))
    const expected = [...jobs].map(([, { point, behaviour }]) => ({
      point,
      outcome: behaviour === 'finish' ? 'Completed' : 'Failed',
      events: [
        behaviour === 'finish'
          ? 'JobCompleted'
          : behaviour === 'fail'
            ? 'JobFailed TRAINING_FAILED byEnclave=true'
            : 'JobFailed ATTESTATION_REJECTED byEnclave=false',
      ],
    }))
    expect(found).toEqual(expected)
    for (const [jobId, { behaviour }] of jobs) {
      const terminal = terminals.get(jobId)![0]!
      if (behaviour === 'finish') {
        expect(terminal).toMatchObject({
          ownerAmount: royalty * BigInt(epochs),
          providerAmount: price * BigInt(epochs),
          refund: 0n,
        })
      } else expect(terminal.refund).toBe((royalty + price) * BigInt(epochs))
    }
  }, 150_000)

  test('behavior: no key reached two providers or keys; nonces were never reused', async () => {
    for (const jobId of jobs.keys()) {
      const starts = provider.starts.filter((s) => s.jobId === jobId)
      const chainJob = await readJob(env.chain.public, { address: env.chain.dataPolicy, jobId })
      const keys = new Set(starts.map((s) => s.encPubKey))
      expect([jobId, keys.size <= 1]).toEqual([jobId, true])
      for (const start of starts) {
        expect(start.signer).toBe(chainJob.enclaveSigner)
        expect(start.openedKey).toBe(bytesToHex(dataset.key))
      }
    }
    const nonces = provider.attests.map((a) => a.nonce)
    expect(new Set(nonces).size).toBe(nonces.length)
  })

  test('behavior: no transaction was sent twice for a job', async () => {
    const sent = await orchestratorTransactions(
      env.chain.public,
      env.chain.dataPolicy,
      [env.chain.addressOf('orchestrator')],
      env.chain.deploymentBlock,
    )
    const perJob = new Map<bigint, string[]>()
    for (const tx of sent)
      perJob.set(tx.jobId, [
        ...(perJob.get(tx.jobId) ?? []),
        `${tx.fn}${tx.status === 'success' ? '' : ' (reverted)'}`,
      ])
    const found = [...jobs].map(([jobId, { point }]) => ({ point, sent: perJob.get(jobId) ?? [] }))
    const expected = [...jobs].map(([, { point, behaviour }]) => ({
      point,
      sent:
        behaviour === 'finish'
          ? ['startJob', 'confirmTrainingComplete']
          : behaviour === 'fail'
            ? ['startJob', 'reportJobFailure']
            : ['markJobFailed'],
    }))
    expect(found).toEqual(expected)
  })

  test('behavior: a clean stop exits 0 after in-flight work', async () => {
    final!.child.kill('SIGTERM')
    expect(await final!.exited).toEqual({ code: 0, signal: null })
  })
})
