import { readdir } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { ReleaseKeyBinding } from '@licen/attestation-policy'
import { createLocalStorage } from '@licen/sdk'
import type { StorageNode } from '@licen/storage-node'
import type { DataPolicyChain } from '@licen/testing'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  cli,
  orchestratorHash,
  providerHash,
  type ReleaseKeyChain,
  startReleaseKeyChain,
} from '../testing/releaseKeyChain.js'

const publicKey = `0x02${'a7'.repeat(32)}` as Hex

let env: ReleaseKeyChain
let chain: DataPolicyChain
let storageNode: StorageNode
let dataDir: string

const registerKey = (binding: ReleaseKeyBinding, quoted = binding) => env.registerKey(binding, quoted)
const network = () => env.network()

beforeAll(async () => {
  env = await startReleaseKeyChain('licen-release-key-')
  ;({ chain, storageNode, dataDir } = env)
}, 120_000)

afterAll(async () => {
  await env?.stop()
})

describe('licen release-key', () => {
  test('default: no key on chain, then the registered key verifies (--json)', async () => {
    const none = await cli('release-key', ...network(), '--json')
    expect(none.code).toBe(1)
    const refused = JSON.parse(none.stdout)
    expect([refused.ok, refused.verified, refused.keyId, refused.checks[0]]).toEqual([
      false,
      false,
      null,
      {
        id: 'key',
        status: 'fail',
        code: 'RELEASE_KEY_UNKNOWN',
        reason: 'the chain has no active release key',
      },
    ])

    const evidenceRef = await registerKey({ chainId: 31337, dataPolicy: chain.dataPolicy, publicKey })
    const { code, stdout } = await cli('release-key', ...network(), '--json')
    expect(code).toBe(0)
    const verdict = JSON.parse(stdout)
    expect({ ...verdict, checks: verdict.checks.length }).toEqual({
      ok: true,
      verified: true,
      keyId: 1,
      publicKey,
      evidenceRef,
      policyHash: orchestratorHash,
      status: 'Active',
      policy: { name: 'local-orchestrator', version: 1, trustAnchor: 'dev-mock' },
      checks: 21,
    })
    expect(verdict.checks.every((check: { status: string }) => check.status === 'pass')).toBe(true)
  })

  test('behavior: text output names the key, evidence, policy and the dev-mock anchor', async () => {
    const { code, stdout } = await cli('release-key', ...network(), '--key-id', '1')
    expect(code).toBe(0)
    expect(stdout.split('\n').slice(0, 4)).toEqual([
      `VERIFIED  release key 1 (Active) ${publicKey}`,
      expect.stringMatching(/^ {2}evidence 0x[0-9a-f]{64}$/),
      `  policy   local-orchestrator v1 ${orchestratorHash}`,
      '  anchor   dev-mock: a development TEE anyone can forge (local devnet only)',
    ])
  })

  const publish = (...extra: string[]) =>
    cli(
      'publish',
      join(dataDir, 'rows.jsonl'),
      '--name',
      'Release key test',
      '--dev-account',
      '1',
      '--attestation-policy',
      providerHash,
      ...network(),
      ...extra,
      '--json',
    )
  const stored = async () => (await readdir(dataDir, { recursive: true })).length

  test('behavior: licen publish seals to the attested current key and records it in the manifest', async () => {
    const { code, stdout } = await publish()
    const result = JSON.parse(stdout)
    expect([code, result.ok, result.releaseKeyId, result.releaseEvidenceRef]).toEqual([
      0,
      true,
      1,
      expect.stringMatching(/^0x[0-9a-f]{64}$/),
    ])
    const manifest = JSON.parse(
      new TextDecoder().decode(
        await new Response(
          await createLocalStorage({ url: storageNode.url, workers: 0 }).download(result.manifestHash),
        ).arrayBuffer(),
      ),
    )
    expect(manifest.keyEnvelope).toMatchObject({ releasePublicKey: publicKey, keyId: 1 })
  })

  test('error: licen publish refuses a served key other than the chain key: nothing stored or registered', async () => {
    const before = await stored()
    const { code, stdout } = await publish('--release-key', `0x03${'c9'.repeat(32)}`)
    expect(code).toBe(1)
    expect(JSON.parse(stdout).error).toEqual({
      code: 'PUBLISH_RELEASE_KEY_MISMATCH',
      message: "The orchestrator serves another release key than the chain's attested one.",
      details: `served 0x03${'c9'.repeat(32)}, chain key 1 is ${publicKey}`,
    })
    expect(await stored()).toBe(before)
  })

  test('error: an orchestrator endpoint serving another key than the chain is refused: nothing stored', async () => {
    const other = `0x03${'d4'.repeat(32)}`
    // Shaped like the orchestrator's answer: the current key with its quote (larger than any fixed small cap).
    const server = createServer((_, response) =>
      response.end(JSON.stringify({ publicKey: other, attestation: { quote: 'ab'.repeat(5000) } })),
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const before = await stored()
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const { code, stdout } = await publish('--orchestrator', url)
      expect(code).toBe(1)
      expect(JSON.parse(stdout).error).toMatchObject({
        code: 'PUBLISH_RELEASE_KEY_MISMATCH',
        details: `served ${other}, chain key 1 is ${publicKey}`,
      })
      expect(await stored()).toBe(before)
    } finally {
      server.close()
    }
  })

  test('error: evidence that binds another chain exits 1 naming the binding check', async () => {
    const binding = { chainId: 1, dataPolicy: chain.dataPolicy, publicKey: `0x03${'b7'.repeat(32)}` as Hex }
    await registerKey(binding)
    const { code, stdout } = await cli('release-key', ...network(), '--json')
    expect(code).toBe(1)
    const verdict = JSON.parse(stdout)
    expect([verdict.keyId, verdict.verified]).toEqual([2, false])
    expect(
      verdict.checks
        .filter((check: { status: string }) => check.status === 'fail')
        .map((check: { id: string; code: string }) => `${check.id}:${check.code}`),
    ).toEqual(['binding:BINDING_CHAIN_MISMATCH', 'quote.reportData:REPORT_DATA_MISMATCH'])

    const before = await stored()
    const refused = await publish()
    expect(refused.code).toBe(1)
    expect(JSON.parse(refused.stdout).error).toMatchObject({
      code: 'RELEASE_KEY_NOT_ATTESTED',
      message: 'The release key is not attested.',
      details: 'binding: BINDING_CHAIN_MISMATCH evidence binds chain 1, not 31337 (+1 more failed)',
    })
    expect(await stored()).toBe(before)
  })

  test.each([
    [['--key-id', '0'], '--key-id must be a key id (1 to 4294967295).'],
    [['--key-id', '4294967296'], '--key-id must be a key id (1 to 4294967295).'],
    [['extra'], 'release-key takes no arguments, or register, retire <keyId> or revoke <keyId>.'],
  ])('error: usage %j exits 2', async (args, message) => {
    const { code, stdout } = await cli('release-key', ...args, '--json')
    expect(code).toBe(2)
    expect(JSON.parse(stdout).error).toMatchObject({ code: 'CLI_USAGE', message })
  })
})
