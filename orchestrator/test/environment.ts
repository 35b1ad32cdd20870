// Everything an orchestrator needs locally: chain + DataPolicy, the devnet storage node, the dev TEE agent (which
// also serves PCCS collateral), the local attestation policy allowed on chain, and a release key.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { type AttestationPolicy, policyHash as hashPolicy } from '@licen/attestation-policy'
import { buildLocalPolicy, type DevTeeAgent, startDevTeeAgent } from '@licen/attestation-policy/dev-tee'
import { freePort } from '@licen/contracts'
import { createLocalStorage, type StorageAdapter } from '@licen/sdk'
import { type StorageNode, startStorageNode } from '@licen/storage-node'
import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, type Hex } from 'viem'
import type { OrchestratorConfigInput } from '../src/config/orchestratorConfig.js'
import { type ChainFixture, startChainFixture } from './chainFixture.js'
import { waitFor } from './waitFor.js'

export type Environment = {
  chain: ChainFixture
  workDir: string
  storageNode: StorageNode
  storage: StorageAdapter
  agent: DevTeeAgent
  policy: AttestationPolicy
  policyHash: Hex
  releaseKey: Hex
  releasePublicKey: Hex
  /** A complete config for an orchestrator on this environment (PGlite in `workDir/<name>` unless overridden). */
  config: (name: string, overrides?: Partial<OrchestratorConfigInput>) => OrchestratorConfigInput
  stop: () => Promise<void>
}

/** Test timings: short grace periods and polls. */
export const fastTiming = {
  discoveryIntervalMs: 100,
  workIntervalMs: 50,
  trackIntervalMs: 100,
  retryDelayMs: 100,
  maxRetryDelayMs: 500,
  leaseSeconds: 10,
  providerGraceSeconds: 3,
  minRunSeconds: 120,
  receiptPollingMs: 20,
  requestTimeoutMs: 5_000,
} as const

/** Starts the environment; with `storageProcess` the storage node runs as its own process (benchmarks). */
export async function startEnvironment(options: { storageProcess?: boolean } = {}): Promise<Environment> {
  const workDir = await mkdtemp(join(tmpdir(), 'licen-orch-'))
  const chain = await startChainFixture()
  const storageNode = options.storageProcess
    ? await spawnStorageNode(join(workDir, 'storage'))
    : await startStorageNode({ dataDir: join(workDir, 'storage'), port: 0 })
  const agent = await startDevTeeAgent({ port: 0, stateDir: join(workDir, 'tee') })
  const policy = buildLocalPolicy()
  const policyHash = hashPolicy(policy)
  await chain.allowPolicy(policyHash)
  const secret = secp256k1.utils.randomSecretKey()
  const releaseKey = bytesToHex(secret)
  const releasePublicKey = bytesToHex(secp256k1.getPublicKey(secret, true))
  return {
    chain,
    workDir,
    storageNode,
    storage: createLocalStorage({ url: storageNode.url, workers: 0 }),
    agent,
    policy,
    policyHash,
    releaseKey,
    releasePublicKey,
    config: (name, overrides = {}) => ({
      chain: {
        rpcUrl: chain.rpcUrl,
        chainId: chain.chainId,
        dataPolicy: chain.dataPolicy,
        fromBlock: chain.deploymentBlock,
      },
      wallet: { privateKey: chain.keyOf('orchestrator') },
      releaseKey: { source: 'env', privateKey: releaseKey },
      storage: { kind: 'local', url: storageNode.url },
      attestation: { pccsUrl: agent.url, policies: [policy], defaultPolicyHash: policyHash },
      database: { dataDir: join(workDir, name) },
      instanceId: name,
      // A provider that does not answer (the failure tests' dead endpoint) is deferred for seconds, not minutes.
      providers: { breakerCoolDownSeconds: 1, breakerMaxCoolDownSeconds: 2 },
      timing: fastTiming,
      ...overrides,
    }),
    async stop() {
      await agent.close()
      await storageNode.close()
      await chain.stop()
      await rm(workDir, { recursive: true, force: true })
    },
  }
}

/** The storage node as a child process (its package's bin), so its hashing does not share the caller's thread. */
async function spawnStorageNode(dataDir: string): Promise<StorageNode> {
  const port = await freePort()
  const manifest = createRequire(import.meta.url).resolve('@licen/storage-node/package.json')
  const { bin: bins } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> }
  const bin = join(dirname(manifest), bins['licen-storage-node']!)
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', bin, '--data-dir', dataDir, '--port', String(port)],
    {
      stdio: 'ignore',
    },
  )
  const url = `http://127.0.0.1:${port}`
  await waitFor('the storage node process', async () =>
    (await fetch(`${url}/v1/objects/0x${'00'.repeat(32)}`, { method: 'HEAD' }).catch(() => undefined))
      ? true
      : undefined,
  )
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
