// The release key comes from the orchestrator's own TEE (here its dev agent, with the orchestrator's dev compose):
// its evidence is stored, nothing is released until the contract owner registers it, a rotation keeps the old
// key's datasets releasable, and a revoked key fails its datasets' new jobs with a full refund.
import {
  parseReleaseKeyEvidence,
  policyHash,
  releaseKeyReportData,
  verifyEvidence,
} from '@licen/attestation-policy'
import {
  buildLocalPolicy,
  DEV_ORCHESTRATOR_APP_COMPOSE,
  type DevTeeAgent,
  devMockRootCa,
  startDevTeeAgent,
} from '@licen/attestation-policy/dev-tee'
import { anvilPrivateKeys } from '@licen/contracts'
import { policyRoleValue, sealDatasetKey, serializeManifest, writeDataPolicy } from '@licen/sdk'
import { stopAll } from '@licen/testing'
import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, createWalletClient, type Hex, hexToBytes, http, parseGwei } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Orchestrator, startOrchestrator } from '../src/startOrchestrator.js'
import { terminalEvents } from './chainEvents.js'
import { roles } from './chainFixture.js'
import { type Environment, fastTiming, startEnvironment } from './environment.js'
import { type FakeProvider, startFakeProvider } from './fakeProvider.js'
import { publishDataset } from './publishDataset.js'
import { waitFor, waitForDone } from './waitFor.js'

const resultPubKey = bytesToHex(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true))
const price = parseGwei('2')
const royalty = parseGwei('3')
const orchestratorPolicy = buildLocalPolicy('orchestrator')
const orchestratorPolicyHash = policyHash(orchestratorPolicy) as Hex

let env: Environment
let tee: DevTeeAgent
let provider: FakeProvider
let providerId: number
let orchestrator: Orchestrator | undefined

type Served = {
  publicKey: Hex
  version: number
  keyId: number | null
  status: string
  evidenceRef: Hex | null
  keys: { version: number; publicKey: Hex; keyId: number | null; status: string; evidenceRef: Hex | null }[]
}

const wallet = (role: keyof typeof roles) =>
  createWalletClient({
    account: privateKeyToAccount(anvilPrivateKeys[roles[role]]!),
    transport: http(env.chain.rpcUrl),
  })
const asAdmin = (functionName: string, args: readonly unknown[]) => as('admin', functionName, args)
const as = (role: keyof typeof roles, functionName: string, args: readonly unknown[]) =>
  writeDataPolicy(wallet(role), {
    address: env.chain.dataPolicy,
    functionName: functionName as never,
    args: args as never,
    pollingIntervalMs: 20,
    timeoutMs: 30_000,
  })

/** What the orchestrator's TEE derives at key path version `version`. */
const derived = (version: number) =>
  bytesToHex(
    secp256k1.getPublicKey(
      hexToBytes(`0x${tee.tee.getKey(`licen/release-key/v${version}`, 'licen-release').key}`),
      true,
    ),
  )

const start = (versions: number[]) =>
  startOrchestrator(
    env.config(`rk-${versions.join('-')}`, {
      releaseKey: { source: 'dstack', endpoint: tee.url, versions },
      timing: { ...fastTiming, releaseKeyRegistrationSeconds: 60 },
    }),
  )

const served = async (url: string) => (await (await fetch(`${url}/v1/release-key`)).json()) as Served
const health = async (url: string) =>
  ((await (await fetch(`${url}/health`)).json()) as { releaseKey: string }).releaseKey

beforeAll(async () => {
  env = await startEnvironment()
  tee = await startDevTeeAgent({ port: 0, appCompose: DEV_ORCHESTRATOR_APP_COMPOSE })
  provider = await startFakeProvider({
    rpcUrl: env.chain.rpcUrl,
    chainId: env.chain.chainId,
    dataPolicy: env.chain.dataPolicy,
    tee: env.agent.tee,
  })
  providerId = await env.chain.registerProvider(provider.url, price)
  await asAdmin('setAttestationPolicy', [
    orchestratorPolicyHash,
    true,
    'file://local-orchestrator.json',
    policyRoleValue.orchestrator,
  ])
}, 120_000)

afterAll(() => stopAll(orchestrator, provider, tee, env))

const publish = (releasePublicKey: Hex, n: number) =>
  publishDataset({
    chain: env.chain,
    storage: env.storage,
    releasePublicKey,
    jsonl: `{"text":"a"}\n{"n":${n}}\n`,
    policy: { royaltyPerEpoch: royalty },
  })
const request = (datasetRoot: Hex) =>
  env.chain.requestAccess({ datasetRoot, epochs: 1, providerId, resultPubKey })

describe('release key from the TEE', () => {
  let v1Dataset: Hex

  test('default: derived in the TEE, evidence in storage, nothing released before its registration', async () => {
    orchestrator = await start([1])
    const first = await served(orchestrator.url)
    expect(first).toMatchObject({ publicKey: derived(1), version: 1, keyId: null, status: 'Unregistered' })
    expect(await health(orchestrator.url)).toBe('waiting')

    // The evidence: a quote from the orchestrator's TEE binding this chain, contract and key, under its policy.
    const bytes = new Uint8Array(
      await new Response(await env.storage.download(first.evidenceRef!)).arrayBuffer(),
    )
    const evidence = parseReleaseKeyEvidence(bytes)
    const binding = { chainId: env.chain.chainId, dataPolicy: env.chain.dataPolicy, publicKey: derived(1) }
    expect(evidence.binding).toEqual({ ...binding, dataPolicy: binding.dataPolicy.toLowerCase() })
    const verdict = await verifyEvidence(
      { quote: hexToBytes(`0x${evidence.quote}`), eventLog: evidence.eventLog },
      orchestratorPolicy,
      {
        collateral: evidence.collateral,
        now: evidence.createdAt,
        devMockRootCa: devMockRootCa(),
        expectedReportData: releaseKeyReportData(binding),
      },
    )
    expect(verdict.checks.filter((check) => check.status !== 'pass')).toEqual([])
    // The provider's policy does not vouch for it (another compose hash).
    expect(
      (
        await verifyEvidence(
          { quote: hexToBytes(`0x${evidence.quote}`), eventLog: evidence.eventLog },
          env.policy,
          {
            collateral: evidence.collateral,
            now: evidence.createdAt,
            devMockRootCa: devMockRootCa(),
            expectedReportData: releaseKeyReportData(binding),
          },
        )
      ).ok,
    ).toBe(false)

    // A job on a dataset sealed to the unregistered key waits: not discovered, never attested.
    const dataset = await publish(first.publicKey, 1)
    v1Dataset = dataset.datasetRoot
    const jobId = await request(dataset.datasetRoot)
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect((await fetch(`${orchestrator.url}/v1/jobs/${jobId}`)).status).toBe(404)
    expect(provider.attests.filter((a) => a.jobId === jobId)).toEqual([])

    await asAdmin('registerReleaseKey', [first.publicKey, first.evidenceRef, orchestratorPolicyHash])
    await orchestrator.ready
    expect(await health(orchestrator.url)).toBe('active')
    expect(await served(orchestrator.url)).toMatchObject({
      keyId: 1,
      status: 'Active',
      evidenceRef: first.evidenceRef,
    })
    expect((await waitForDone(orchestrator.url, jobId)).outcome).toBe('Completed')
  }, 120_000)

  test('behavior: rotation derives v2, keeps v1; datasets sealed to either train', async () => {
    await orchestrator!.stop()
    orchestrator = await start([1, 2])
    const rotated = await served(orchestrator.url)
    expect(rotated.keys.map((key) => [key.version, key.publicKey, key.keyId, key.status])).toEqual([
      [1, derived(1), 1, 'Active'],
      [2, derived(2), null, 'Unregistered'],
    ])
    expect(rotated.publicKey).toBe(derived(2))
    await asAdmin('registerReleaseKey', [rotated.publicKey, rotated.evidenceRef, orchestratorPolicyHash])
    await asAdmin('retireReleaseKey', [1])
    await orchestrator.ready
    // The served view reads the chain again within a few seconds.
    const statuses = async () =>
      (await served(orchestrator!.url)).keys.map((key) => [key.version, key.keyId, key.status])
    await waitFor('v1 retired in the served view', async () =>
      JSON.stringify(await statuses()) ===
      JSON.stringify([
        [1, 1, 'Retired'],
        [2, 2, 'Active'],
      ])
        ? true
        : undefined,
    )
    const v2Dataset = await publish(derived(2), 2)
    const jobs = [await request(v1Dataset), await request(v2Dataset.datasetRoot)]
    const views = await Promise.all(jobs.map((jobId) => waitForDone(orchestrator!.url, jobId)))
    expect(views.map((view) => view.outcome)).toEqual(['Completed', 'Completed'])
    expect(provider.starts.filter((s) => jobs.includes(s.jobId)).map((s) => s.openedKey)).toHaveLength(2)
  }, 120_000)

  test('behavior: a job uses the manifest of its policy version; re-sealed to v2, a v1 dataset trains after v1 is revoked', async () => {
    const resealed = await publish(derived(1), 3)
    const before = await request(resealed.datasetRoot)
    expect((await waitForDone(orchestrator!.url, before)).outcome).toBe('Completed')
    // The owner re-seals the same dataset key to v2 and points new jobs at the new manifest.
    const manifest = {
      ...resealed.manifest,
      keyEnvelope: {
        ...resealed.manifest.keyEnvelope,
        releasePublicKey: derived(2).toLowerCase() as Hex,
        envelope: bytesToHex(
          sealDatasetKey({
            releasePublicKey: derived(2),
            datasetRoot: resealed.datasetRoot,
            owner: env.chain.addressOf('owner'),
            key: resealed.key,
          }),
        ),
      },
    }
    const { root: manifestHash } = await env.storage.upload(serializeManifest(manifest))
    await as('owner', 'updateManifest', [resealed.datasetRoot, manifestHash])
    await asAdmin('revokeReleaseKey', [1])
    const after = await request(resealed.datasetRoot)
    expect((await waitForDone(orchestrator!.url, after)).outcome).toBe('Completed')
    expect(provider.starts.filter((start) => start.jobId === after)).toHaveLength(1)
  }, 120_000)

  // Key 1 was revoked by the test above.
  test("error: a revoked key fails its datasets' new jobs (RELEASE_KEY_REVOKED, full refund)", async () => {
    const researcher = await env.chain.credits(env.chain.addressOf('researcher'))
    const jobId = await request(v1Dataset)
    const view = await waitForDone(orchestrator!.url, jobId)
    expect(view).toMatchObject({ outcome: 'Failed', failureCode: 'RELEASE_KEY_REVOKED' })
    expect(provider.attests.filter((a) => a.jobId === jobId)).toEqual([])
    const terminal = await waitFor('the JobFailed event', async () =>
      (await terminalEvents(env.chain.public, env.chain.dataPolicy)).get(jobId),
    )
    expect(terminal).toEqual([
      { name: 'JobFailed', reason: 'RELEASE_KEY_REVOKED', byEnclave: false, refund: (royalty + price) * 1n },
    ])
    expect((await env.chain.credits(env.chain.addressOf('researcher'))) - researcher).toBe(royalty + price)
  }, 120_000)
})
