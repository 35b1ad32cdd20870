// licen reseal (#13 item 6) on anvil + a storage node with the real verifier (verifyReleaseKey, dev-mock anchor on
// chain 31337): publish under key 1, rotate to key 2, re-seal; a key that does not verify and the other refusals.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  buildReleaseKeyEvidence,
  policyHash,
  type ReleaseKeyBinding,
  releaseKeyReportData,
} from '@licen/attestation-policy'
import {
  buildLocalPolicy,
  createDevTee,
  DEV_MOCK_PKI_SEED,
  DEV_ORCHESTRATOR_APP_COMPOSE,
} from '@licen/attestation-policy/dev-tee'
import { createLocalStorage, dataPolicyAbi, parseManifest, readDataset } from '@licen/sdk'
import { type StorageNode, startStorageNode } from '@licen/storage-node'
import { type DataPolicyChain, startDataPolicyChain } from '@licen/testing'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CliIo } from '../io.js'
import { runCli } from '../runCli.js'
import { resealCommand } from './reseal.js'

const policyDir = fileURLToPath(new URL('../../../attestation-policy/policies/', import.meta.url))
const orchestratorHash = policyHash(buildLocalPolicy('orchestrator'))
const providerHash = policyHash(buildLocalPolicy('provider'))
const key1 = `0x02${'a7'.repeat(32)}` as Hex
/** secp256k1 3·G, compressed (a key the envelope can seal to). */
const key2: Hex = '0x02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9'

let chain: DataPolicyChain
let storageNode: StorageNode
let dataDir: string

async function admin(functionName: 'setAttestationPolicy' | 'registerReleaseKey', args: readonly unknown[]) {
  const hash = await chain.wallet(0).writeContract({
    address: chain.dataPolicy,
    abi: dataPolicyAbi,
    functionName,
    args: args as never,
  })
  expect((await chain.publicClient.waitForTransactionReceipt({ hash })).status).toBe('success')
}

/** Stores the evidence an orchestrator dev TEE makes for `binding` and registers the key; returns its evidenceRef. */
async function registerKey(binding: ReleaseKeyBinding): Promise<Hex> {
  const tee = createDevTee({
    state: { pkiSeed: DEV_MOCK_PKI_SEED, instanceId: new Uint8Array(20).fill(9) },
    appCompose: DEV_ORCHESTRATOR_APP_COMPOSE,
    now: () => Math.floor(Date.now() / 1000),
  })
  const { quote, eventLog } = tee.quote(releaseKeyReportData(binding))
  const text = buildReleaseKeyEvidence({
    ...binding,
    quote,
    eventLog,
    collateral: tee.collateral(),
    createdAt: Math.floor(Date.now() / 1000),
  })
  const { root } = await createLocalStorage({ url: storageNode.url, workers: 0 }).upload(
    new TextEncoder().encode(text),
  )
  await admin('registerReleaseKey', [binding.publicKey, root, orchestratorHash])
  return root
}

async function cli(...argv: string[]) {
  let stdout = ''
  const io: CliIo = {
    cwd: process.cwd(),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: () => undefined, isTTY: false },
  }
  const code = await runCli(argv, io)
  return { code, stdout }
}

const network = () => [
  '--rpc',
  chain.rpcUrl,
  '--contract',
  chain.dataPolicy,
  '--storage',
  storageNode.url,
  '--policy-dir',
  policyDir,
]
const reseal = (datasetRoot: string, account = '1') =>
  cli('reseal', datasetRoot, '--dev-account', account, ...network(), '--json')
const stored = async () => (await readdir(join(dataDir, 'store'), { recursive: true })).length
const manifestOf = async (datasetRoot: Hex) =>
  (await readDataset(chain.publicClient, { address: chain.dataPolicy, datasetRoot: datasetRoot }))
    .manifestHash

let datasetRoot: Hex
let evidence1: Hex

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'licen-reseal-'))
  storageNode = await startStorageNode({ dataDir: join(dataDir, 'store'), port: 0 })
  chain = await startDataPolicyChain({ chainId: 31337, blockTime: 1, mixedMining: true })
  await admin('setAttestationPolicy', [orchestratorHash, true, 'http://127.0.0.1:9/policy.json', 2])
  await admin('setAttestationPolicy', [providerHash, true, 'http://127.0.0.1:9/provider.json', 1])
  evidence1 = await registerKey({ chainId: 31337, dataPolicy: chain.dataPolicy, publicKey: key1 })
  await writeFile(
    join(dataDir, 'rows.jsonl'),
    Array.from({ length: 20 }, (_, i) => JSON.stringify({ prompt: `q${i}`, completion: `a${i}` })).join('\n'),
  )
  const published = await cli(
    'publish',
    join(dataDir, 'rows.jsonl'),
    '--name',
    'Reseal test',
    '--dev-account',
    '1',
    '--attestation-policy',
    providerHash,
    ...network(),
    '--json',
  )
  expect(published.code).toBe(0)
  datasetRoot = JSON.parse(published.stdout).datasetRoot
}, 180_000)

afterAll(async () => {
  await chain?.stop()
  await storageNode?.close()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

describe('licen reseal', () => {
  test('error: the key is already current; another account is not the owner (nothing stored or sent)', async () => {
    const before = [await stored(), await manifestOf(datasetRoot)]
    const current = await reseal(datasetRoot)
    expect([current.code, JSON.parse(current.stdout).error]).toEqual([
      1,
      {
        code: 'RESEAL_KEY_ALREADY_CURRENT',
        message: 'The dataset is already sealed to the current release key.',
        details: 'key 1',
      },
    ])
    const stranger = await reseal(datasetRoot, '2')
    expect(JSON.parse(stranger.stdout).error).toMatchObject({
      code: 'RESEAL_NOT_OWNER',
      message: 'Only the dataset owner can re-seal it.',
    })
    expect([await stored(), await manifestOf(datasetRoot)]).toEqual(before)
  })

  test('error: a new key whose evidence binds another chain is not sealed to (RELEASE_KEY_NOT_ATTESTED)', async () => {
    await registerKey({ chainId: 1, dataPolicy: chain.dataPolicy, publicKey: `0x03${'b8'.repeat(32)}` })
    const before = [await stored(), await manifestOf(datasetRoot)]
    const refused = await reseal(datasetRoot)
    expect([refused.code, JSON.parse(refused.stdout).error]).toEqual([
      1,
      {
        code: 'RELEASE_KEY_NOT_ATTESTED',
        message: 'The release key is not attested.',
        details: 'binding: BINDING_CHAIN_MISMATCH evidence binds chain 1, not 31337 (+1 more failed)',
      },
    ])
    expect([await stored(), await manifestOf(datasetRoot)]).toEqual(before)
  })

  test('default: after a rotation the owner re-seals to the attested key (--json prints old/new keyId and the tx)', async () => {
    const evidence3 = await registerKey({ chainId: 31337, dataPolicy: chain.dataPolicy, publicKey: key2 })
    const previousManifestHash = await manifestOf(datasetRoot)
    const { code, stdout } = await reseal(datasetRoot)
    expect([code, JSON.parse(stdout).error]).toEqual([0, undefined])
    const result = JSON.parse(stdout)
    expect(result).toEqual({
      ok: true,
      datasetRoot,
      owner: chain.wallet(1).account.address,
      previousKeyId: 1,
      previousReleasePublicKey: key1,
      previousManifestHash,
      keyId: 3,
      releasePublicKey: key2,
      evidenceRef: evidence3,
      manifestHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      policyVersion: 2,
      transactionHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
    })
    expect(evidence3).not.toBe(evidence1)
    expect(await manifestOf(datasetRoot)).toBe(result.manifestHash)
    const manifest = parseManifest(
      new Uint8Array(
        await new Response(
          await createLocalStorage({ url: storageNode.url, workers: 0 }).download(result.manifestHash),
        ).arrayBuffer(),
      ),
    )
    expect(manifest.keyEnvelope).toMatchObject({ releasePublicKey: key2, keyId: 3, evidenceRef: evidence3 })
    expect(manifest.datasetRoot).toBe(datasetRoot)
    expect(manifest.ownerKeyEnvelope?.domain).toBe('licen/dataset-owner-key/v1')

    expect(resealCommand.format(result).split('\n')).toEqual([
      `re-sealed ${datasetRoot}`,
      `  from release key 1 ${key1}`,
      `  to   release key 3 ${key2} (attested; evidence ${evidence3})`,
      `  manifest ${previousManifestHash} → ${result.manifestHash} (policy version 2)`,
      `  updateManifest in ${result.transactionHash} by ${chain.wallet(1).account.address}`,
    ])
    // Re-sealed, the key is current.
    expect(JSON.parse((await reseal(datasetRoot)).stdout).error.code).toBe('RESEAL_KEY_ALREADY_CURRENT')
  })

  test.each([
    [[], 'reseal takes one dataset root (0x + 64 hex digits).'],
    [['0x1234'], 'reseal takes one dataset root (0x + 64 hex digits).'],
    [[`0x${'ab'.repeat(32)}`, 'extra'], 'reseal takes one dataset root (0x + 64 hex digits).'],
  ])('error: usage %j exits 2', async (args, message) => {
    const { code, stdout } = await cli('reseal', ...args, '--json')
    expect(code).toBe(2)
    expect(JSON.parse(stdout).error).toMatchObject({ code: 'CLI_USAGE', message })
  })
})
