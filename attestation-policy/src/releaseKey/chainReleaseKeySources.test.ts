import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dataPolicyAbi, zgRoot } from '@licen/sdk'
import { type DataPolicyChain, startDataPolicyChain } from '@licen/testing'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEV_NOW } from '../../test/devEvidence.js'
import { devReleaseKeyEvidence, RELEASE_BINDING } from '../../test/devReleaseKey.js'
import { packageText } from '../../test/fixtures.js'
import { devMockRootCa } from '../devTee/mockPki.js'
import { createChainReleaseKeySources } from './chainReleaseKeySources.js'
import { ReleaseKeyNotAttestedError, verifyReleaseKey } from './verifyReleaseKey.js'

const hashes = JSON.parse(packageText('policies/hashes.json')) as Record<string, Hex>
const orchestratorHash = hashes['local-orchestrator.json']!
const providerHash = hashes['local.json']!
const ROLE = { provider: 1, orchestrator: 2 } as const

let chain: DataPolicyChain
let server: Server
let policyBase: string
const stored = new Map<string, Uint8Array>()
const storage = {
  has: async (root: Hex) => stored.has(root),
  download: async (root: Hex) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(stored.get(root)!)
        controller.close()
      },
    }),
}
const options = { devMockRootCa: devMockRootCa(), now: DEV_NOW }

async function admin(
  functionName: 'setAttestationPolicy' | 'registerReleaseKey' | 'retireReleaseKey' | 'revokeReleaseKey',
  args: readonly unknown[],
) {
  const hash = await chain.wallet(0).writeContract({
    address: chain.dataPolicy,
    abi: dataPolicyAbi,
    functionName,
    args: args as never,
  })
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash })
  expect(receipt.status).toBe('success')
}

const sources = () =>
  createChainReleaseKeySources({
    client: chain.publicClient,
    chainId: chain.chainId,
    dataPolicy: chain.dataPolicy,
    fromBlock: 0n,
    storage,
    timeoutMs: 5000,
  })

beforeAll(async () => {
  server = createServer((request, response) => {
    const file = request.url === `/policies/${orchestratorHash}.json` ? 'local-orchestrator.json' : undefined
    if (file) response.end(packageText(`policies/${file}`))
    else {
      response.statusCode = 404
      response.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  policyBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}/policies`
  chain = await startDataPolicyChain({ chainId: 31337 })
  await admin('setAttestationPolicy', [
    orchestratorHash,
    true,
    `${policyBase}/${orchestratorHash}.json`,
    ROLE.orchestrator,
  ])
  await admin('setAttestationPolicy', [
    providerHash,
    true,
    `${policyBase}/${providerHash}.json`,
    ROLE.provider,
  ])
}, 120_000)

afterAll(async () => {
  server?.closeAllConnections()
  server?.close()
  await chain?.stop()
})

describe('createChainReleaseKeySources + verifyReleaseKey on a DataPolicy chain', () => {
  test('default: the key registered with its evidence verifies, then retire, disallow and revoke each refuse it', async () => {
    expect(await sources().readReleaseKey('current')).toBeUndefined()
    const binding = { ...RELEASE_BINDING, dataPolicy: chain.dataPolicy }
    const bytes = new TextEncoder().encode(devReleaseKeyEvidence({ binding }))
    const { root } = await zgRoot(bytes, { workers: 0 })
    stored.set(root, bytes)
    await admin('registerReleaseKey', [binding.publicKey, root, orchestratorHash])

    expect(await sources().readPolicyRecord(orchestratorHash)).toEqual({
      allowed: true,
      role: 'orchestrator',
      uri: `${policyBase}/${orchestratorHash}.json`,
    })
    const started = performance.now()
    const verdict = await verifyReleaseKey(sources(), options)
    console.info(
      `verifyReleaseKey in Node (anvil, HTTP policy): ${Math.round(performance.now() - started)} ms`,
    )
    expect([
      verdict.verified,
      verdict.keyId,
      verdict.publicKey,
      verdict.evidenceRef,
      verdict.policyHash,
    ]).toEqual([true, 1, binding.publicKey, root, orchestratorHash])

    await admin('retireReleaseKey', [1])
    const retired = await verifyReleaseKey(sources(), options).catch((e: ReleaseKeyNotAttestedError) => e)
    expect((retired as ReleaseKeyNotAttestedError).details).toBe(
      'key: RELEASE_KEY_UNKNOWN the chain has no active release key',
    )
    expect((await verifyReleaseKey(sources(), { ...options, keyId: 1, allowRetired: true })).verified).toBe(
      true,
    )

    await admin('setAttestationPolicy', [
      orchestratorHash,
      false,
      `${policyBase}/${orchestratorHash}.json`,
      ROLE.orchestrator,
    ])
    const disallowed = await verifyReleaseKey(sources(), { ...options, keyId: 1, allowRetired: true }).catch(
      (e: ReleaseKeyNotAttestedError) => e,
    )
    expect((disallowed as ReleaseKeyNotAttestedError).details).toBe(
      `policyOnChain: POLICY_NOT_ALLOWED policy ${orchestratorHash} is not allowed`,
    )

    await admin('revokeReleaseKey', [1])
    const revoked = await verifyReleaseKey(sources(), { ...options, keyId: 1, allowRetired: true }).catch(
      (e: ReleaseKeyNotAttestedError) => e,
    )
    expect(revoked).toBeInstanceOf(ReleaseKeyNotAttestedError)
    expect(
      (revoked as ReleaseKeyNotAttestedError).verdict.checks
        .filter((c) => c.status === 'fail')
        .map((c) => c.code),
    ).toEqual(['RELEASE_KEY_REVOKED', 'POLICY_NOT_ALLOWED'])
  })

  test('error: a provider-role policy on chain is read as such', async () => {
    expect(await sources().readPolicyRecord(providerHash)).toEqual({
      allowed: true,
      role: 'provider',
      uri: `${policyBase}/${providerHash}.json`,
    })
    expect(await sources().readReleaseKey(9)).toBeUndefined()
  })
})
