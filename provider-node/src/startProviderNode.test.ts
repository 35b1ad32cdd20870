// Integration: a real provider node against anvil + DataPolicy, the devnet storage node and the dev TEE agent, with
// the embedded trainer. The test plays the dataset owner, the researcher and the orchestrator with SDK functions.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { policyHash as hashPolicy, verifyEvidence } from '@licen/attestation-policy'
import {
  buildLocalPolicy,
  type DevTeeAgent,
  devMockRootCa,
  startDevTeeAgent,
} from '@licen/attestation-policy/dev-tee'
import {
  createLocalStorage,
  createLogger,
  dataPolicyDomain,
  downloadResult,
  encryptLcn1,
  recoverFailureReportSigner,
  recoverResultManifestSigner,
  reportData,
  type StorageAdapter,
  sealJobKey,
  signProviderRequest,
  verifyReceiptChain,
} from '@licen/sdk'
import { type StorageNode, startStorageNode } from '@licen/storage-node'
import { syntheticJsonl } from '@licen/synthetic-data'
import { stopAll } from '@licen/testing'
import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, type Hex, hexToBytes, keccak256 } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type ChainFixture, startChainFixture } from '../test/chainFixture.js'
import type { JobView, ResultView } from './jobs/jobView.js'
import { type ProviderNode, startProviderNode } from './startProviderNode.js'

const MARKER = `licen-plaintext-marker-${bytesToHex(crypto.getRandomValues(new Uint8Array(8))).slice(2)}`
const researcherKey = secp256k1.utils.randomSecretKey()
const resultPubKey = bytesToHex(secp256k1.getPublicKey(researcherKey, true))
const policy = buildLocalPolicy()
const policyHash = hashPolicy(policy)

let fixture: ChainFixture
let workDir: string
let storageNode: StorageNode
let agent: DevTeeAgent
let storage: StorageAdapter
let node: ProviderNode
const logs: string[] = []
/** Roots the node's storage serves other bytes for (a lying store, to exercise the node's own root check). */
const redirects = new Map<string, Hex>()

async function startNode(overrides: { shutdownGraceMs?: number } = {}): Promise<ProviderNode> {
  const lying: StorageAdapter = {
    ...storage,
    download: (root, options) => storage.download(redirects.get(root.toLowerCase()) ?? root, options),
  }
  return startProviderNode({
    rpcUrl: fixture.rpcUrl,
    chainId: fixture.chainId,
    dataPolicy: fixture.dataPolicy,
    providerId: 1,
    dstackEndpoint: agent.url,
    storage: lying,
    limits: { maxConcurrentJobs: 1, shutdownGraceMs: overrides.shutdownGraceMs ?? 0 },
    log: createLogger({ level: 'debug', write: (line) => logs.push(line) }),
  })
}

// Everything this process puts in the temp dir (the node, its workers, storage, dev TEE) goes into a folder of its
// own, which the plaintext check then reads whole; the machine's shared temp dir can hold gigabytes of others' files.
const sharedTmp = process.env.TMPDIR

beforeAll(async () => {
  process.env.TMPDIR = await mkdtemp(join(tmpdir(), 'licen-provider-it-tmp-'))
  fixture = await startChainFixture()
  workDir = await mkdtemp(join(tmpdir(), 'licen-provider-it-'))
  storageNode = await startStorageNode({ dataDir: join(workDir, 'storage'), port: 0 })
  agent = await startDevTeeAgent({ port: 0, stateDir: join(workDir, 'tee') })
  storage = createLocalStorage({ url: storageNode.url })
  await fixture.allowPolicy(policyHash)
  node = await startNode()
}, 120_000)

afterAll(async () => {
  await stopAll(node, agent, storageNode, fixture)
  const ownTmp = tmpdir()
  if (sharedTmp === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = sharedTmp
  if (ownTmp !== tmpdir()) await rm(ownTmp, { recursive: true, force: true })
})

/** The owner encrypts a dataset, uploads it and registers it (requiring the local policy). */
async function publish(jsonl: string, tamper?: (ciphertext: Uint8Array) => void) {
  const key = crypto.getRandomValues(new Uint8Array(32))
  const ciphertext = await encryptLcn1(new TextEncoder().encode(jsonl), { key, chunkSizeLog2: 12 })
  tamper?.(ciphertext)
  const { root } = await storage.upload(ciphertext)
  await fixture.registerDataset(root, policyHash)
  return { key, datasetRoot: root }
}

async function post(path: string, body: unknown): Promise<Response> {
  const text = JSON.stringify(body)
  const headers = await signProviderRequest({
    account: fixture.orchestrator,
    method: 'POST',
    path,
    body: text,
  })
  return fetch(`${node.url}${path}`, {
    method: 'POST',
    body: text,
    headers: { 'content-type': 'application/json', ...headers },
  })
}

type AttestAnswer = { quote: Hex; eventLog: string; encPubKey: Hex; signer: Hex; reportData: Hex }

/** The orchestrator's release: attest, verify under the local policy, store evidence, startJob, seal, start. */
async function release(
  jobId: bigint,
  dataset: { key: Uint8Array; datasetRoot: Hex },
  epochs: number,
  tweak: { sealJobId?: bigint; key?: Uint8Array; sealTo?: Hex } = {},
) {
  const nonce = bytesToHex(crypto.getRandomValues(new Uint8Array(32)))
  const attested = await post(`/v1/jobs/${jobId}/attest`, {
    nonce,
    chainId: fixture.chainId,
    dataPolicy: fixture.dataPolicy,
  })
  expect(attested.status).toBe(200)
  const answer = (await attested.json()) as AttestAnswer
  const now = Math.floor(Date.now() / 1000)
  const expectedReportData = reportData({
    chainId: fixture.chainId,
    dataPolicy: fixture.dataPolicy,
    jobId,
    nonce,
    encPubKey: answer.encPubKey,
    signer: answer.signer,
  })
  const verdict = await verifyEvidence(
    { quote: hexToBytes(answer.quote), eventLog: answer.eventLog },
    policy,
    { collateral: agent.tee.collateral(), now, expectedReportData, devMockRootCa: devMockRootCa() },
  )
  const evidence = {
    format: 'licen/attestation-evidence/v1',
    quote: answer.quote.slice(2),
    eventLog: answer.eventLog,
    collateral: agent.tee.collateral(),
    verifiedAt: now,
    policyHash,
    binding: {
      chainId: String(fixture.chainId),
      dataPolicy: fixture.dataPolicy,
      jobId: String(jobId),
      nonce,
      encPubKey: answer.encPubKey,
      signer: answer.signer,
    },
  }
  const { root: attestationRef } = await storage.upload(new TextEncoder().encode(JSON.stringify(evidence)))
  await fixture.startJob(jobId, answer.signer, attestationRef, policyHash)
  const sealedKey = bytesToHex(
    sealJobKey({
      chainId: fixture.chainId,
      contract: fixture.dataPolicy,
      jobId: tweak.sealJobId ?? jobId,
      datasetRoot: dataset.datasetRoot,
      providerPublicKey: tweak.sealTo ?? answer.encPubKey,
      key: tweak.key ?? dataset.key,
    }),
  )
  const started = await post(`/v1/jobs/${jobId}/start`, {
    sealedKey,
    spec: { datasetRoot: dataset.datasetRoot, epochs, resultPubKey },
  })
  return { answer, verdict, attestationRef, started }
}

async function status(jobId: bigint): Promise<JobView> {
  const response = await fetch(`${node.url}/v1/jobs/${jobId}`)
  return (await response.json()) as JobView
}

async function ended(jobId: bigint, timeoutMs = 90_000): Promise<JobView> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const view = await status(jobId)
    if (view.status.state === 'Finished' || view.status.state === 'Failed') return view
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${view.status.state}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const domain = () => dataPolicyDomain({ chainId: fixture.chainId, verifyingContract: fixture.dataPolicy })

/** Asserts a signed failure with `code` and submits it on chain: the contract must accept it (job → Failed). */
async function expectSettledFailure(view: JobView, code: string, jobId: bigint) {
  expect(view.status).toEqual({ state: 'Failed', code })
  const failure = view.failure!
  expect(
    await recoverFailureReportSigner({
      domain: domain(),
      report: { jobId, reason: failure.reason },
      signature: failure.signature,
    }),
  ).toBe(view.signer)
  await fixture.reportJobFailure(jobId, failure.reason, failure.signature)
  expect(await fixture.jobState(jobId)).toBe(4)
}

async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const found: string[] = []
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    const info = await stat(path).catch(() => undefined)
    if (!info || info.size > 64 << 20) continue
    const bytes = await readFile(path).catch(() => undefined)
    if (bytes?.includes(needle)) found.push(path)
  }
  return found
}

describe('startProviderNode', () => {
  test('default', async () => {
    const info = (await (await fetch(`${node.url}/v1/info`)).json()) as {
      identity: { composeHash: string; codeHash: string; baseModel: { id: string } }
    }
    expect(info.identity.composeHash).toBe(`0x${policy.composeHashes[0]}`)
    expect(info.identity.codeHash).toBe(node.identity.codeHash)
    expect(info.identity.baseModel.id).toBe('licen/tiny-llama-bytes-d64-v1')

    const jsonl = `${syntheticJsonl(200)}${JSON.stringify({ text: MARKER })}\n`
    const dataset = await publish(jsonl)
    const jobId = await fixture.requestAccess(dataset.datasetRoot, 3, resultPubKey)
    const { answer, verdict, attestationRef, started } = await release(jobId, dataset, 3)
    // The quote verifies under the local policy, bound to this job, nonce and keys.
    expect(verdict.checks.filter((check) => check.status !== 'pass')).toEqual([])
    expect(verdict.ok).toBe(true)
    expect(started.status).toBe(202)

    const view = await ended(jobId)
    expect(view.status).toEqual({ state: 'Finished' })
    expect(view.dataset).toMatchObject({ validExamples: 201, invalidLines: 0 })
    // Loss falls epoch over epoch; the receipts chain and are signed by the attested signer.
    const losses = view.receipts.map((r) => Number(r.receipt.lossMicro) / 1e6)
    expect(losses).toHaveLength(3)
    expect(losses[1]!).toBeLessThan(losses[0]!)
    expect(losses[2]!).toBeLessThan(losses[1]!)
    const receipts = view.receipts.map(({ receipt, signature }) => ({
      receipt: {
        ...receipt,
        jobId: BigInt(receipt.jobId),
        samples: BigInt(receipt.samples),
        lossMicro: BigInt(receipt.lossMicro),
      },
      signature,
    }))
    const head = await verifyReceiptChain({ domain: domain(), jobId, signer: answer.signer, receipts })

    const result = (await (await fetch(`${node.url}/v1/jobs/${jobId}/result`)).json()) as ResultView
    const manifest = { ...result.manifest, jobId: BigInt(result.manifest.jobId) }
    expect(manifest).toMatchObject({
      datasetRoot: dataset.datasetRoot,
      codeHash: node.identity.codeHash,
      attestationRef,
      actualEpochs: 3,
      receiptsHead: head,
    })
    expect(
      await recoverResultManifestSigner({ domain: domain(), manifest, signature: result.signature }),
    ).toBe(answer.signer)
    // The contract accepts the manifest: the job settles.
    await fixture.confirmTrainingComplete(jobId, manifest, result.signature)
    expect(await fixture.jobState(jobId)).toBe(3)

    // The researcher downloads the result and verifies it from the settled values and the receipts it carries
    // (exactly the node's); the adapter's hash is the last receipt's.
    const { files } = await downloadResult({
      storage,
      chainId: fixture.chainId,
      contract: fixture.dataPolicy,
      jobId,
      resultRoot: manifest.resultRoot,
      receiptsHead: manifest.receiptsHead,
      actualEpochs: manifest.actualEpochs,
      enclaveSigner: answer.signer,
      resultPrivateKey: researcherKey,
    })
    expect(files.map((f) => f.name)).toEqual([
      'adapter_config.json',
      'adapter_model.safetensors',
      'licen_receipts.json',
    ])
    expect(keccak256(files[1]!.bytes)).toBe(receipts[2]!.receipt.adapterHash)
    expect(new TextDecoder().decode(files[2]!.bytes)).toBe(JSON.stringify(view.receipts))
    const config = JSON.parse(new TextDecoder().decode(files[0]!.bytes)) as {
      base_model_name_or_path: string
      peft_type: string
    }
    expect([config.peft_type, config.base_model_name_or_path]).toEqual([
      'LORA',
      'licen/tiny-llama-bytes-d64-v1',
    ])

    // No plaintext anywhere on disk (this process's temp dir: node, storage node, dev TEE state) nor in the logs.
    expect(tmpdir()).toContain('licen-provider-it-tmp-')
    expect(await filesContaining(tmpdir(), MARKER)).toEqual([])
    expect(logs.filter((line) => line.includes(MARKER) || line.includes('capital of'))).toEqual([])

    const metrics = await (await fetch(`${node.url}/metrics`)).text()
    expect(metrics).toContain('licen_provider_epochs_total 3\n')
    expect(metrics).toContain('licen_provider_jobs_ended_total{outcome="finished"} 1\n')
  }, 120_000)

  describe('negative cases', () => {
    const small = `${syntheticJsonl(16)}`

    test('error: start without attest', async () => {
      const dataset = await publish(small)
      const jobId = await fixture.requestAccess(dataset.datasetRoot, 1, resultPubKey)
      const response = await post(`/v1/jobs/${jobId}/start`, {
        sealedKey: '0x00',
        spec: { datasetRoot: dataset.datasetRoot, epochs: 1, resultPubKey },
      })
      expect([response.status, ((await response.json()) as { error: { code: string } }).error.code]).toEqual([
        409,
        'JOB_NOT_ATTESTED',
      ])
    })

    test('error: double start', async () => {
      const dataset = await publish(small)
      const jobId = await fixture.requestAccess(dataset.datasetRoot, 1, resultPubKey)
      const { started } = await release(jobId, dataset, 1)
      expect(started.status).toBe(202)
      const again = await post(`/v1/jobs/${jobId}/start`, {
        sealedKey: '0x01',
        spec: { datasetRoot: dataset.datasetRoot, epochs: 1, resultPubKey },
      })
      expect([again.status, ((await again.json()) as { error: { code: string } }).error.code]).toEqual([
        409,
        'JOB_ALREADY_STARTED',
      ])
      expect((await ended(jobId)).status).toEqual({ state: 'Finished' })
    }, 60_000)

    test('error: sealed key for another enclave key', async () => {
      const dataset = await publish(small)
      const jobId = await fixture.requestAccess(dataset.datasetRoot, 1, resultPubKey)
      const { started } = await release(jobId, dataset, 1, { sealTo: resultPubKey })
      expect(started.status).toBe(422)
      await expectSettledFailure(await ended(jobId), 'ENVELOPE_DECRYPT_FAILED', jobId)
    }, 60_000)

    test('error: wrong dataset key in the envelope', async () => {
      const dataset = await publish(small)
      const jobId = await fixture.requestAccess(dataset.datasetRoot, 1, resultPubKey)
      await release(jobId, dataset, 1, { key: crypto.getRandomValues(new Uint8Array(32)) })
      await expectSettledFailure(await ended(jobId), 'LCN1_WRONG_KEY', jobId)
    }, 60_000)

    test('error: key sealed for another job', async () => {
      const dataset = await publish(small)
      const jobId = await fixture.requestAccess(dataset.datasetRoot, 1, resultPubKey)
      const { started } = await release(jobId, dataset, 1, { sealJobId: jobId + 100n })
      expect(started.status).toBe(422)
      await expectSettledFailure(await ended(jobId), 'ENVELOPE_CONTEXT_MISMATCH', jobId)
    }, 60_000)

    test('error: tampered ciphertext', async () => {
      // 4 KiB chunks: flip a byte of the second one (a first-chunk failure would read as a wrong key).
      const dataset = await publish(syntheticJsonl(200), (ciphertext) => {
        ciphertext[16 + 4112 + 10]! ^= 1
      })
      const jobId = await fixture.requestAccess(dataset.datasetRoot, 1, resultPubKey)
      await release(jobId, dataset, 1)
      await expectSettledFailure(await ended(jobId), 'LCN1_CHUNK_AUTH_FAILED', jobId)
    }, 60_000)

    test('error: wrong root (storage serves another object)', async () => {
      const dataset = await publish(small)
      const other = await publish(`${small}\n{"text":"other"}\n`)
      redirects.set(dataset.datasetRoot.toLowerCase(), other.datasetRoot)
      const jobId = await fixture.requestAccess(dataset.datasetRoot, 1, resultPubKey)
      await release(jobId, dataset, 1)
      await expectSettledFailure(await ended(jobId), 'DATASET_ROOT_MISMATCH', jobId)
    }, 60_000)

    test('error: malformed JSONL', async () => {
      const dataset = await publish('not json\n{"unknown":1}\n[1,2]\n')
      const jobId = await fixture.requestAccess(dataset.datasetRoot, 1, resultPubKey)
      await release(jobId, dataset, 1)
      const view = await ended(jobId)
      expect(view.dataset).toMatchObject({ validExamples: 0, invalidLines: 3 })
      await expectSettledFailure(view, 'DATASET_NOT_TRAINABLE', jobId)
    }, 60_000)

    test('error: abort mid-epoch (SIGTERM path) ends as a signed failure', async () => {
      await node.stop()
      node = await startNode({ shutdownGraceMs: 3000 })
      const dataset = await publish(syntheticJsonl(400))
      const jobId = await fixture.requestAccess(dataset.datasetRoot, 5, resultPubKey)
      await release(jobId, dataset, 5)
      for (let view = await status(jobId); !(view.status.state === 'Training' && view.status.step > 0); ) {
        await new Promise((r) => setTimeout(r, 50))
        view = await status(jobId)
      }
      const stopping = node.stop()
      const view = await ended(jobId, 20_000)
      await stopping
      await expectSettledFailure(view, 'PROVIDER_SHUTDOWN', jobId)
      node = await startNode()
    }, 90_000)
  })
})
