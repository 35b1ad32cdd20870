// The orchestrator in-process against the local chain, storage node and dev TEE, with fast fake providers
// speaking provider API v1: the release and settlement path, the evidence it stores, and every refusal.
import { bindingReportData, verifyJob } from '@licen/attestation-policy'
import { devMockRootCa } from '@licen/attestation-policy/dev-tee'
import { readJob, zgRoot } from '@licen/sdk'
import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, parseGwei } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Orchestrator, startOrchestrator } from '../src/startOrchestrator.js'
import { type Environment, startEnvironment } from './environment.js'
import { type FakeProvider, startFakeProvider } from './fakeProvider.js'
import { publishDataset } from './publishDataset.js'
import { waitForDone } from './waitFor.js'

const resultPubKey = bytesToHex(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true))
const price = parseGwei('2')
const royalty = parseGwei('3')

let env: Environment
let provider: FakeProvider
let providerId: number
let orchestrator: Orchestrator

beforeAll(async () => {
  env = await startEnvironment()
  provider = await startFakeProvider({
    rpcUrl: env.chain.rpcUrl,
    chainId: env.chain.chainId,
    dataPolicy: env.chain.dataPolicy,
    tee: env.agent.tee,
  })
  providerId = await env.chain.registerProvider(provider.url, price)
  orchestrator = await startOrchestrator(env.config('release'))
}, 120_000)

afterAll(async () => {
  await orchestrator?.stop()
  await provider?.close()
  await env?.stop()
})

const jsonl = '{"text":"hello"}\n{"text":"world"}\n'

describe('startOrchestrator (fast providers)', () => {
  test('error: an invalid config names the paths, never the values', async () => {
    const config = env.config('invalid', { wallet: { privateKey: '0xsecret' as `0x${string}` } })
    await expect(startOrchestrator({ ...config, maxConcurrentJobs: 0 })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      details: 'wallet.privateKey: 32-byte 0x-hex; maxConcurrentJobs: Too small: expected number to be >=1',
    })
  })

  test('error: a taken port fails the start and leaves nothing running', async () => {
    const port = Number(new URL(orchestrator.url).port)
    await expect(
      startOrchestrator(env.config('taken', { http: { host: '127.0.0.1', port } })),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID', details: `127.0.0.1:${port} (EADDRINUSE)` })
    // Its database was closed: the same directory opens again.
    const again = await startOrchestrator(env.config('taken'))
    expect((await (await fetch(`${again.url}/health`)).json()).instance).toBe('taken')
    await again.stop()
  }, 60_000)

  test('default: Granted → Running → Completed, with stored evidence an auditor re-verifies', async () => {
    const dataset = await publishDataset({
      chain: env.chain,
      storage: env.storage,
      releasePublicKey: orchestrator.releasePublicKey,
      jsonl,
    })
    const owner = await env.chain.credits(env.chain.addressOf('owner'))
    const operator = await env.chain.credits(env.chain.addressOf('operator'))
    const researcher = await env.chain.credits(env.chain.addressOf('researcher'))
    const jobId = await env.chain.requestAccess({
      datasetRoot: dataset.datasetRoot,
      epochs: 3,
      providerId,
      resultPubKey,
    })

    const view = await waitForDone(orchestrator.url, jobId)
    expect(view).toMatchObject({
      stage: 'done',
      outcome: 'Completed',
      failureCode: null,
      settlement: { fn: 'confirmTrainingComplete' },
    })
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
    expect(await env.chain.jobState(jobId)).toBe('Completed')
    expect((await env.chain.credits(env.chain.addressOf('owner'))) - owner).toBe(royalty * 3n)
    expect((await env.chain.credits(env.chain.addressOf('operator'))) - operator).toBe(price * 3n)
    expect((await env.chain.credits(env.chain.addressOf('researcher'))) - researcher).toBe(0n)

    // The provider got the dataset key, sealed to the per-job key the chain bound, from this orchestrator.
    const starts = provider.starts.filter((s) => s.jobId === jobId)
    expect(starts).toHaveLength(1)
    expect(starts[0]).toMatchObject({
      orchestrator: orchestrator.address,
      openedKey: bytesToHex(dataset.key),
    })
    const chainJob = await readJob(env.chain.public, { address: env.chain.dataPolicy, jobId })
    expect(chainJob.enclaveSigner).toBe(starts[0]!.signer)
    expect(view.attestationRef).toBe(chainJob.attestationRef)

    // attestationRef is the 0G root of the stored evidence, and verifyJob re-verifies the job from it.
    const verdict = await verifyJob(
      jobId,
      {
        chain: { chainId: env.chain.chainId, dataPolicy: env.chain.dataPolicy },
        readJobStart: async () => ({
          enclaveSigner: chainJob.enclaveSigner,
          attestationRef: chainJob.attestationRef,
          policyHash: env.policyHash,
        }),
        readEvidence: async (root) =>
          new Uint8Array(await new Response(await env.storage.download(root)).arrayBuffer()),
        storageRoot: async (bytes) => (await zgRoot(bytes)).root,
        readPolicy: async () => env.policy,
        reportData: bindingReportData,
      },
      { devMockRootCa: devMockRootCa() },
    )
    expect(verdict.checks.filter((check) => check.status !== 'pass')).toEqual([])
    expect(verdict.ok).toBe(true)
  })
})
