// Test scaffolding of the CLI's release-key commands (release-key, publish, reseal): anvil with DataPolicy, a
// storage node, the two local policies allowed with their roles, and keys registered with dev-TEE evidence.
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
import { createLocalStorage, dataPolicyAbi } from '@licen/sdk'
import { type StorageNode, startStorageNode } from '@licen/storage-node'
import { type DataPolicyChain, startDataPolicyChain } from '@licen/testing'
import type { Hex } from 'viem'
import { runCliCaptured } from './runCliCaptured.js'

/** The repository's policy folder (`--policy-dir`). */
export const policyDir = fileURLToPath(new URL('../../../attestation-policy/policies/', import.meta.url))
export const orchestratorHash = policyHash(buildLocalPolicy('orchestrator'))
export const providerHash = policyHash(buildLocalPolicy('provider'))

/** A running chain + storage node for the CLI's release-key tests. */
export type ReleaseKeyChain = {
  chain: DataPolicyChain
  storageNode: StorageNode
  /** The storage node's folder; also holds `rows.jsonl` (20 trainable rows). */
  dataDir: string
  /** `--rpc … --contract … --storage … --policy-dir …` */
  network(): string[]
  /** Stores the evidence an orchestrator dev TEE makes for `binding` (its quote binds `quoted`); returns its root. */
  storeEvidence(binding: ReleaseKeyBinding, quoted?: ReleaseKeyBinding): Promise<Hex>
  /** Stores the evidence as `storeEvidence` does and registers the key. */
  registerKey(binding: ReleaseKeyBinding, quoted?: ReleaseKeyBinding): Promise<Hex>
  /** Files under `dataDir` (what the storage node holds, plus `rows.jsonl`). */
  stored(): Promise<number>
  stop(): Promise<void>
}

/** Starts anvil (chain 31337, 1 s blocks) and a storage node, and allows both local policies with their roles. */
export async function startReleaseKeyChain(prefix: string): Promise<ReleaseKeyChain> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix))
  const storageNode = await startStorageNode({ dataDir, port: 0 })
  const chain = await startDataPolicyChain({ chainId: 31337, blockTime: 1, mixedMining: true })
  const admin = async (
    functionName: 'setAttestationPolicy' | 'registerReleaseKey',
    args: readonly unknown[],
  ) => {
    const hash = await chain.wallet(0).writeContract({
      address: chain.dataPolicy,
      abi: dataPolicyAbi,
      functionName,
      args: args as never,
    })
    const { status } = await chain.publicClient.waitForTransactionReceipt({ hash, timeout: 30_000 })
    if (status !== 'success') throw new Error(`${functionName} reverted`)
  }
  await admin('setAttestationPolicy', [orchestratorHash, true, 'http://127.0.0.1:9/policy.json', 2])
  await admin('setAttestationPolicy', [providerHash, true, 'http://127.0.0.1:9/provider.json', 1])
  await writeFile(
    join(dataDir, 'rows.jsonl'),
    Array.from({ length: 20 }, (_, i) => JSON.stringify({ prompt: `q${i}`, completion: `a${i}` })).join('\n'),
  )
  return {
    chain,
    storageNode,
    dataDir,
    network: () => [
      '--rpc',
      chain.rpcUrl,
      '--contract',
      chain.dataPolicy,
      '--storage',
      storageNode.url,
      '--policy-dir',
      policyDir,
    ],
    storeEvidence,
    async registerKey(binding, quoted = binding) {
      const root = await storeEvidence(binding, quoted)
      await admin('registerReleaseKey', [binding.publicKey, root, orchestratorHash])
      return root
    },
    stored: async () => (await readdir(dataDir, { recursive: true })).length,
    async stop() {
      await chain.stop()
      await storageNode.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }

  async function storeEvidence(binding: ReleaseKeyBinding, quoted = binding): Promise<Hex> {
    const tee = createDevTee({
      state: { pkiSeed: DEV_MOCK_PKI_SEED, instanceId: new Uint8Array(20).fill(9) },
      appCompose: DEV_ORCHESTRATOR_APP_COMPOSE,
      now: () => Math.floor(Date.now() / 1000),
    })
    const { quote, eventLog } = tee.quote(releaseKeyReportData(quoted))
    const text = buildReleaseKeyEvidence({
      ...binding,
      quote,
      eventLog,
      collateral: tee.collateral(),
      createdAt: Math.floor(Date.now() / 1000),
    })
    const storage = createLocalStorage({ url: storageNode.url, workers: 0 })
    const { root } = await storage.upload(new TextEncoder().encode(text))
    return root
  }
}

/** Runs `licen argv…` in-process from this process's working directory; returns its exit code and what it wrote. */
export const cli = (...argv: string[]) => runCliCaptured(argv)
