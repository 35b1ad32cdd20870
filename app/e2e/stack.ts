import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Devnet, startDevnet } from '@licen/devnet'
import type { Address, Hex } from 'viem'

/** What the end-to-end suite needs from the running local devnet. */
export type E2eStack = {
  devnet: Devnet
  rpcUrl: string
  chainId: number
  dataPolicy: Address
  deploymentBlock: number
  /** Exactly the `config.json` the devnet writes for the app. */
  appConfig: Record<string, unknown>
  urls: Devnet['info']['urls']
  /** The devnet's release key pair (dataset keys are sealed to it; the orchestrator opens them). */
  release: { privateKey: Hex; publicKey: Hex }
  /** Why a part of the devnet died unexpectedly, if one did. */
  unexpected: () => string | undefined
  /** The devnet's last log lines (prefixed by part). */
  logTail: (lines?: number) => string
  stop: () => Promise<void>
}

/**
 * Starts the whole local devnet for the e2e suite (`startDevnet`: anvil mining a block a second, DataPolicy,
 * the storage node, the dev TEE, the indexer, a registered provider node with the embedded trainer, the
 * orchestrator), in a temporary folder on free ports with the `test` timers. The app is not built or served
 * by the devnet: the suite serves its own production build from a sub-path. The devnet still serves
 * `config.json` and the attestation policy file the app's audit fetches.
 */
export async function startStack(): Promise<E2eStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'licen-app-e2e-'))
  const logs: string[] = []
  let unexpected: string | undefined
  let devnet: Devnet
  try {
    devnet = await startDevnet({
      dataDir: join(dataDir, 'devnet'),
      ports: 'free',
      app: false,
      persistChain: false,
      timing: 'test',
      color: false,
      sink: (line) => {
        logs.push(line)
        if (logs.length > 2000) logs.splice(0, 500)
      },
    })
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
  void devnet.failed.then((reason) => {
    unexpected = reason
  })
  const { info, context } = devnet
  return {
    devnet,
    rpcUrl: info.rpcUrl,
    chainId: info.chainId,
    dataPolicy: info.dataPolicy,
    deploymentBlock: info.deploymentBlock,
    appConfig: JSON.parse(readFileSync(join(info.dataDir, 'config.json'), 'utf8')),
    urls: info.urls,
    release: { privateKey: context.releasePrivateKey, publicKey: context.releasePublicKey },
    unexpected: () => unexpected,
    logTail: (lines = 80) => logs.slice(-lines).join('\n'),
    stop: async () => {
      await devnet.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
