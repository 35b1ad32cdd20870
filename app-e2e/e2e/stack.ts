import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Devnet, startTestDevnet } from '@licen/devnet'
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
  const testDevnet = await startTestDevnet({ prefix: 'licen-app-e2e-', keepLines: 2000 })
  const { devnet } = testDevnet
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
    unexpected: testDevnet.unexpected,
    logTail: (lines = 80) => testDevnet.logTail(lines),
    stop: testDevnet.stop,
  }
}
