// The real thing end to end: DataPolicy on anvil, the Ponder indexer (GraphQL discovery), the devnet storage
// node, the dev TEE agent, and a real provider node that trains with its embedded LoRA trainer. A job goes
// Granted → Running → Completed with payouts to the wei (protocol fee included); a provider failure and a quote
// that fails the dataset's policy both end Failed with a full refund; with the indexer gone, chain logs take over.
import { join } from 'node:path'
import { type AttestationPolicy, policyHash as hashPolicy } from '@licen/attestation-policy'
import { freePort } from '@licen/contracts'
import { type Indexer, startIndexer } from '@licen/indexer'
import { type ProviderNode, startProviderNode } from '@licen/provider-node'
import { stopAll } from '@licen/testing'
import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, parseGwei } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Orchestrator, startOrchestrator } from '../src/startOrchestrator.js'
import { terminalEvents } from './chainEvents.js'
import { type Environment, startEnvironment } from './environment.js'
import { type FakeProvider, startFakeProvider } from './fakeProvider.js'
import { publishDataset } from './publishDataset.js'
import { waitFor, waitForDone } from './waitFor.js'

const FEE_BPS = 250
const price = parseGwei('2')
const royalty = parseGwei('3')
const resultPubKey = bytesToHex(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true))

let env: Environment
let indexer: Indexer | undefined
let node: ProviderNode
let fake: FakeProvider
let nodeProviderId: number
let fakeProviderId: number
let orchestrator: Orchestrator
let strictPolicy: AttestationPolicy

/** `count` instruction examples the embedded trainer accepts. */
function examples(count: number): string {
  const lines: string[] = []
  for (let i = 0; i < count; i++) {
    lines.push(JSON.stringify({ instruction: `Add ${i} and ${i % 7}.`, output: `${i + (i % 7)}` }))
  }
  return `${lines.join('\n')}\n`
}

beforeAll(async () => {
  env = await startEnvironment()
  await env.chain.setProtocolFee(FEE_BPS, env.chain.addressOf('orchestrator2'))
  const deploymentFile = join(env.workDir, `${env.chain.chainId}.json`)
  env.chain.writeDeploymentFile(deploymentFile)
  const port = await freePort()
  nodeProviderId = await env.chain.registerProvider(`http://127.0.0.1:${port}`, price)
  fake = await startFakeProvider({
    rpcUrl: env.chain.rpcUrl,
    chainId: env.chain.chainId,
    dataPolicy: env.chain.dataPolicy,
    tee: env.agent.tee,
  })
  fakeProviderId = await env.chain.registerProvider(fake.url, price)
  // A policy the dev TEE cannot satisfy (another compose hash), allowed on chain and held by the orchestrator.
  strictPolicy = { ...env.policy, name: 'strict', composeHashes: ['00'.repeat(32)] }
  await env.chain.allowPolicy(hashPolicy(strictPolicy))

  const [startedIndexer, startedNode] = await Promise.all([
    startIndexer({
      deploymentFile,
      rpcUrl: env.chain.rpcUrl,
      dataDir: join(env.workDir, 'indexer'),
      pollingIntervalMs: 200,
    }),
    startProviderNode({
      rpcUrl: env.chain.rpcUrl,
      chainId: env.chain.chainId,
      dataPolicy: env.chain.dataPolicy,
      providerId: nodeProviderId,
      dstackEndpoint: env.agent.url,
      storage: env.storage,
      port,
      limits: { maxConcurrentJobs: 1, shutdownGraceMs: 0 },
    }),
  ])
  indexer = startedIndexer
  node = startedNode
  orchestrator = await startOrchestrator(
    env.config('lifecycle', {
      indexer: { graphqlUrl: indexer.graphqlUrl },
      attestation: {
        pccsUrl: env.agent.url,
        policies: [env.policy, strictPolicy],
        defaultPolicyHash: env.policyHash,
      },
    }),
  )
}, 240_000)

afterAll(() => stopAll(orchestrator, node, fake, indexer, env))

const credits = async () => ({
  owner: await env.chain.credits(env.chain.addressOf('owner')),
  operator: await env.chain.credits(env.chain.addressOf('operator')),
  researcher: await env.chain.credits(env.chain.addressOf('researcher')),
  treasury: await env.chain.credits(env.chain.addressOf('orchestrator2')),
})
const delta = (after: Awaited<ReturnType<typeof credits>>, before: Awaited<ReturnType<typeof credits>>) => ({
  owner: after.owner - before.owner,
  operator: after.operator - before.operator,
  researcher: after.researcher - before.researcher,
  treasury: after.treasury - before.treasury,
})

describe('lifecycle with a real provider node and the indexer', () => {
  test('default: Granted → Running → Completed, payouts to the wei', async () => {
    const dataset = await publishDataset({
      chain: env.chain,
      storage: env.storage,
      releasePublicKey: orchestrator.releasePublicKey,
      jsonl: examples(120),
    })
    const before = await credits()
    const epochs = 2
    const jobId = await env.chain.requestAccess({
      datasetRoot: dataset.datasetRoot,
      epochs,
      providerId: nodeProviderId,
      resultPubKey,
    })

    await waitFor('the job to run', async () =>
      (await env.chain.jobState(jobId)) === 'Running' ? true : undefined,
    )
    const health = (await (await fetch(`${orchestrator.url}/health`)).json()) as {
      discovery: { source: string }
    }
    expect(health.discovery.source).toBe('indexer')

    const view = await waitForDone(orchestrator.url, jobId, 240_000)
    expect(view).toMatchObject({ outcome: 'Completed', settlement: { fn: 'confirmTrainingComplete' } })
    const [terminal] = (await terminalEvents(env.chain.public, env.chain.dataPolicy)).get(jobId)!
    expect(terminal).toMatchObject({ name: 'JobCompleted', actualEpochs: epochs })
    const ownerGross = royalty * BigInt(epochs)
    const providerGross = price * BigInt(epochs)
    const ownerFee = (ownerGross * BigInt(FEE_BPS)) / 10_000n
    const providerFee = (providerGross * BigInt(FEE_BPS)) / 10_000n
    expect(delta(await credits(), before)).toEqual({
      owner: ownerGross - ownerFee,
      operator: providerGross - providerFee,
      researcher: 0n,
      treasury: ownerFee + providerFee,
    })
    expect(ownerGross - ownerFee).toBe(5_850_000_000n)
    expect(providerGross - providerFee).toBe(3_900_000_000n)
  }, 300_000)

  // The app, the CLI and the sdk refuse to publish such a file (DATASET_NOT_TRAINABLE); this helper publishes it
  // the way an older or hand-made client could, so the enclave's own check is what the test exercises.
  test('behavior: the provider signs a failure (rows, none trainable) → Failed DATASET_NOT_TRAINABLE, full refund', async () => {
    const dataset = await publishDataset({
      chain: env.chain,
      storage: env.storage,
      releasePublicKey: orchestrator.releasePublicKey,
      jsonl: '{"nothing":"to learn"}\n{"still":"nothing"}\n',
    })
    const before = await credits()
    const jobId = await env.chain.requestAccess({
      datasetRoot: dataset.datasetRoot,
      epochs: 3,
      providerId: nodeProviderId,
      resultPubKey,
    })
    const view = await waitForDone(orchestrator.url, jobId, 120_000)
    expect(view).toMatchObject({ outcome: 'Failed', settlement: { fn: 'reportJobFailure' } })
    expect((await terminalEvents(env.chain.public, env.chain.dataPolicy)).get(jobId)).toEqual([
      { name: 'JobFailed', reason: 'DATASET_NOT_TRAINABLE', byEnclave: true, refund: (royalty + price) * 3n },
    ])
    expect(delta(await credits(), before)).toEqual({
      owner: 0n,
      operator: 0n,
      researcher: (royalty + price) * 3n,
      treasury: 0n,
    })
  }, 150_000)

  test("behavior: a quote that fails the dataset's policy → Failed, full refund, no key released", async () => {
    const dataset = await publishDataset({
      chain: env.chain,
      storage: env.storage,
      releasePublicKey: orchestrator.releasePublicKey,
      jsonl: examples(10),
      policy: { attestationPolicy: hashPolicy(strictPolicy) },
    })
    const jobId = await env.chain.requestAccess({
      datasetRoot: dataset.datasetRoot,
      epochs: 1,
      providerId: nodeProviderId,
      resultPubKey,
    })
    const view = await waitForDone(orchestrator.url, jobId, 120_000)
    expect(view).toMatchObject({ outcome: 'Failed', failureCode: 'ATTESTATION_REJECTED' })
    expect(view.events.find((e) => e.step === 'fail' && e.phase === 'begin')?.detail).toMatchObject({
      detail: 'COMPOSE_HASH_NOT_ALLOWED',
    })
    expect((await terminalEvents(env.chain.public, env.chain.dataPolicy)).get(jobId)).toEqual([
      { name: 'JobFailed', reason: 'ATTESTATION_REJECTED', byEnclave: false, refund: (royalty + price) * 1n },
    ])
    const status = await fetch(`${node.url}/v1/jobs/${jobId}`)
    expect(((await status.json()) as { status: { state: string } }).status.state).toBe('Init')
  }, 150_000)

  test('behavior: with the indexer down, jobs are found from chain logs', async () => {
    await indexer!.stop()
    indexer = undefined
    const dataset = await publishDataset({
      chain: env.chain,
      storage: env.storage,
      releasePublicKey: orchestrator.releasePublicKey,
      jsonl: examples(5),
    })
    const jobId = await env.chain.requestAccess({
      datasetRoot: dataset.datasetRoot,
      epochs: 1,
      providerId: fakeProviderId,
      resultPubKey,
    })
    const view = await waitForDone(orchestrator.url, jobId, 60_000)
    expect(view.outcome).toBe('Completed')
    const health = (await (await fetch(`${orchestrator.url}/health`)).json()) as {
      status: string
      discovery: { source: string; lastError: string }
    }
    expect(health.discovery).toMatchObject({ source: 'logs', lastError: 'INDEXER_UNAVAILABLE' })
  }, 120_000)
})
