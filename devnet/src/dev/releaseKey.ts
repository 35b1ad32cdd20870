import { dirname } from 'node:path'
import { createChainReleaseKeySources, verifyReleaseKey } from '@licen/attestation-policy'
import {
  createDevTee,
  DEV_MOCK_PKI_SEED,
  DEV_ORCHESTRATOR_APP_COMPOSE,
  devMockRootCa,
} from '@licen/attestation-policy/dev-tee'
import { createLocalStorage, errorCode, writeDataPolicy } from '@licen/sdk'
import { readBounded } from '@licen/sdk/http'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { z } from 'zod'
import { DevnetError } from '../errors.js'
import type { DevnetContext } from './context.js'
import { LOCAL_POLLING, publicClientFor, walletFor } from './wallets.js'

/** Where the orchestrator derives release key version N (its default key path) and the purpose it asks for. */
const releaseKeyPath = (version: number) => `licen/release-key/v${version}`
const RELEASE_KEY_PURPOSE = 'licen-release'

/**
 * Release key version `version` as the orchestrator's dev TEE derives it: dev TEE keys are a pure function of the
 * public dev PKI seed, the orchestrator's dev compose (its app id) and the key path, so the devnet keeps its keys
 * across restarts and tests can open what they sealed. They protect nothing: never for real data.
 */
export function devnetReleaseKey(version: number): { privateKey: Hex; publicKey: Hex } {
  const tee = createDevTee({
    state: { pkiSeed: DEV_MOCK_PKI_SEED, instanceId: new Uint8Array(20) },
    appCompose: DEV_ORCHESTRATOR_APP_COMPOSE,
    now: () => Math.floor(Date.now() / 1000),
  })
  const privateKey = `0x${tee.getKey(releaseKeyPath(version), RELEASE_KEY_PURPOSE).key}` as Hex
  return { privateKey, publicKey: compressedPublicKey(privateKey) }
}

/** Compressed secp256k1 public key (33 bytes) of a private key. */
export function compressedPublicKey(privateKey: Hex): Hex {
  const uncompressed = privateKeyToAccount(privateKey).publicKey // 0x04 ‖ x ‖ y
  const yOdd = Number.parseInt(uncompressed.slice(-2), 16) % 2 === 1
  return `0x${yOdd ? '03' : '02'}${uncompressed.slice(4, 68)}`
}

const hex = (bytes: number) => z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`))
const keyView = z.object({
  version: z.int().min(1),
  publicKey: hex(33),
  evidenceRef: hex(32).nullable(),
  keyId: z.int().min(1).nullable(),
  status: z.enum(['Unregistered', 'Active', 'Retired', 'Revoked']),
})
const releaseKeyAnswer = z.object({ keys: z.array(keyView).min(1).max(16) })
const healthAnswer = z.object({ releaseKey: z.enum(['waiting', 'active', 'failed']).optional() })

async function getJson<T>(url: string, schema: z.ZodType<T>): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) })
  const body = await readBounded(response, { maxBytes: 256 * 1024, timeoutMs: 5_000 })
  return schema.parse(JSON.parse(new TextDecoder().decode(body)))
}

/**
 * The devnet admin's part of a key rotation: reads the keys the orchestrator published at `GET /v1/release-key`,
 * checks each is the key its dev TEE derives for that version, registers those not yet on chain (oldest first, so
 * the newest is `currentReleaseKey()`) with their evidence root under the orchestrator policy, then waits (60 s)
 * until the orchestrator reports its current key Active and verifies it as the app and `licen release-key` do
 * (`verifyReleaseKey`: chain, evidence in storage, policy, quote). Sets the context's release key to the current one.
 */
export async function registerReleaseKeys(ctx: DevnetContext, log: (line: string) => void): Promise<void> {
  if (!ctx.deployment) throw new DevnetError('no deployment', { code: 'DEVNET_PART_FAILED' })
  const { keys } = await getJson(`${ctx.urls.orchestrator}/v1/release-key`, releaseKeyAnswer)
  const wallet = walletFor(ctx.rpcUrl, 'admin')
  for (const key of [...keys].sort((a, b) => a.version - b.version)) {
    const derived = devnetReleaseKey(key.version)
    if (key.publicKey.toLowerCase() !== derived.publicKey) {
      throw new DevnetError(
        `the orchestrator publishes ${key.publicKey} as release key v${key.version}; its dev TEE derives ${derived.publicKey}`,
        { code: 'DEVNET_RELEASE_KEY' },
      )
    }
    if (key.status !== 'Unregistered') continue
    if (!key.evidenceRef)
      throw new DevnetError(`release key v${key.version} has no evidence`, { code: 'DEVNET_RELEASE_KEY' })
    await writeDataPolicy(wallet, {
      address: ctx.deployment.address,
      functionName: 'registerReleaseKey',
      args: [key.publicKey as Hex, key.evidenceRef as Hex, ctx.orchestratorPolicy.hash],
      ...LOCAL_POLLING,
    })
    log(`release key v${key.version} ${key.publicKey} registered on chain (evidence ${key.evidenceRef})`)
  }
  const deadline = Date.now() + 60_000
  for (;;) {
    const health = await getJson(`${ctx.urls.orchestrator}/health`, healthAnswer).catch(() => undefined)
    if (health?.releaseKey === 'active') break
    if (health?.releaseKey === 'failed' || Date.now() > deadline) {
      throw new DevnetError('the orchestrator did not report its release key Active on chain within 60 s', {
        code: 'DEVNET_RELEASE_KEY',
        details: `last answer: ${health?.releaseKey ?? 'none'}`,
      })
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const { keys: now } = await getJson(`${ctx.urls.orchestrator}/v1/release-key`, releaseKeyAnswer)
  const current = now.at(-1)!
  try {
    await verifyReleaseKey(
      createChainReleaseKeySources({
        client: publicClientFor(ctx.rpcUrl),
        chainId: ctx.chainId,
        dataPolicy: ctx.deployment.address,
        fromBlock: ctx.deployment.blockNumber,
        storage: createLocalStorage({ url: ctx.urls.storage }),
        // The app, which serves the policies at their on-chain URIs, starts after the orchestrator.
        policyDir: dirname(ctx.orchestratorPolicy.file),
      }),
      { keyId: current.keyId ?? undefined, devMockRootCa: devMockRootCa() },
    )
  } catch (error) {
    throw new DevnetError(`release key v${current.version} does not verify`, {
      code: 'DEVNET_RELEASE_KEY',
      details: (error as { details?: string }).details ?? errorCode(error),
      cause: error,
    })
  }
  const derived = devnetReleaseKey(current.version)
  ctx.releasePrivateKey = derived.privateKey
  ctx.releasePublicKey = derived.publicKey
  ctx.releaseKeyId = current.keyId ?? undefined
  log(
    `release key v${current.version} (key id ${current.keyId}) active and verified: datasets are sealed to ${current.publicKey}`,
  )
}
