// licen reseal (#13 item 6) on anvil + a storage node with the real verifier (verifyReleaseKey, dev-mock anchor on
// chain 31337): publish under key 1, rotate to key 2, re-seal; a key that does not verify and the other refusals.
import { join } from 'node:path'
import { createLocalStorage, parseManifest, readDataset } from '@licen/sdk'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { cli, providerHash, type ReleaseKeyChain, startReleaseKeyChain } from '../testing/releaseKeyChain.js'
import { resealCommand } from './reseal.js'

const key1 = `0x02${'a7'.repeat(32)}` as Hex
/** secp256k1 3·G, compressed (a key the envelope can seal to). */
const key2: Hex = '0x02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9'

let env: ReleaseKeyChain
const reseal = (datasetRoot: string, account = '1') =>
  cli('reseal', datasetRoot, '--dev-account', account, ...env.network(), '--json')
const manifestOf = async (datasetRoot: Hex) =>
  (await readDataset(env.chain.publicClient, { address: env.chain.dataPolicy, datasetRoot })).manifestHash
const registerKey = (chainId: number, publicKey: Hex) =>
  env.registerKey({ chainId, dataPolicy: env.chain.dataPolicy, publicKey })

let datasetRoot: Hex
let evidence1: Hex

beforeAll(async () => {
  env = await startReleaseKeyChain('licen-reseal-')
  evidence1 = await registerKey(31337, key1)
  const published = await cli(
    'publish',
    join(env.dataDir, 'rows.jsonl'),
    '--name',
    'Reseal test',
    '--dev-account',
    '1',
    '--attestation-policy',
    providerHash,
    ...env.network(),
    '--json',
  )
  expect(published.code).toBe(0)
  datasetRoot = JSON.parse(published.stdout).datasetRoot
}, 180_000)

afterAll(async () => {
  await env?.stop()
})

describe('licen reseal', () => {
  test('error: the key is already current; another account is not the owner (nothing stored or sent)', async () => {
    const before = [await env.stored(), await manifestOf(datasetRoot)]
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
    expect([await env.stored(), await manifestOf(datasetRoot)]).toEqual(before)
  })

  test('error: a new key whose evidence binds another chain is not sealed to (RELEASE_KEY_NOT_ATTESTED)', async () => {
    await registerKey(1, `0x03${'b7'.repeat(32)}`)
    const before = [await env.stored(), await manifestOf(datasetRoot)]
    const refused = await reseal(datasetRoot)
    expect([refused.code, JSON.parse(refused.stdout).error]).toEqual([
      1,
      {
        code: 'RELEASE_KEY_NOT_ATTESTED',
        message: 'The release key is not attested.',
        details: 'binding: BINDING_CHAIN_MISMATCH evidence binds chain 1, not 31337 (+1 more failed)',
      },
    ])
    expect([await env.stored(), await manifestOf(datasetRoot)]).toEqual(before)
  })

  test('default: after a rotation the owner re-seals to the attested key (--json prints old/new keyId and the tx)', async () => {
    const evidence3 = await registerKey(31337, key2)
    const previousManifestHash = await manifestOf(datasetRoot)
    const { code, stdout } = await reseal(datasetRoot)
    expect([code, JSON.parse(stdout).error]).toEqual([0, undefined])
    const result = JSON.parse(stdout)
    expect(result).toEqual({
      ok: true,
      datasetRoot,
      owner: env.chain.wallet(1).account.address,
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
          await createLocalStorage({ url: env.storageNode.url, workers: 0 }).download(result.manifestHash),
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
      `  updateManifest in ${result.transactionHash} by ${env.chain.wallet(1).account.address}`,
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
