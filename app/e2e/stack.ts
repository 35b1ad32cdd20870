import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { anvilPrivateKeys, deployDataPolicy, startAnvil } from '@licen/contracts'
import { startStorageNode } from '@licen/devnet'
import { startIndexer } from '@licen/indexer'
import { dataPolicyAbiHash } from '@licen/sdk'
import type { Address, Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'

/** What the end-to-end suite needs from a running local stack. */
export type E2eStack = {
  rpcUrl: string
  chainId: number
  dataPolicy: Address
  deploymentBlock: number
  /** Fields of config.json for the parts that run (indexer, storage, orchestrator) — absent parts are omitted. */
  services: {
    indexerUrl?: string
    /** Base URL of the indexer's HTTP server (`/ready`, `/status`). */
    indexerBaseUrl?: string
    storageUrl?: string
    orchestratorUrl?: string
    attestationPoliciesUrl?: string
  }
  /** Release key pair the dataset keys are sealed to (the orchestrator's, once it runs). */
  release: { privateKey: Hex; publicKey: Hex }
  stop: () => Promise<void>
}

/**
 * Starts the local stack for the e2e suite from what exists of the devnet: anvil with deterministic accounts, a
 * fresh DataPolicy deployment, the devnet's content-addressed storage node and the indexer (PGlite), all in a
 * temporary folder. When
 * `@licen/devnet` exports `startDevnet`, this becomes a call to it (see the app README for the interface).
 */
export async function startStack(): Promise<E2eStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'licen-app-e2e-'))
  const anvil = await startAnvil({})
  const storage = await startStorageNode({ dataDir: join(dataDir, 'storage'), port: 0 }).catch(
    async (error) => {
      await anvil.stop()
      throw error
    },
  )
  let indexer: Awaited<ReturnType<typeof startIndexer>> | undefined
  const stop = async () => {
    await indexer?.stop()
    await storage.close()
    await anvil.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    const deployment = await deployDataPolicy({ rpcUrl: anvil.rpcUrl, privateKey: anvilPrivateKeys[0] })
    const deploymentFile = join(dataDir, 'deployments', `${deployment.chainId}.json`)
    mkdirSync(join(dataDir, 'deployments'), { recursive: true })
    writeFileSync(
      deploymentFile,
      JSON.stringify({
        ...deployment,
        blockNumber: Number(deployment.blockNumber),
        abiHash: dataPolicyAbiHash,
      }),
    )
    indexer = await startIndexer({
      deploymentFile,
      rpcUrl: anvil.rpcUrl,
      dataDir: join(dataDir, 'indexer'),
      pollingIntervalMs: 200,
    })
    const releaseKey = generatePrivateKey()
    return {
      rpcUrl: anvil.rpcUrl,
      chainId: deployment.chainId,
      dataPolicy: deployment.address,
      deploymentBlock: Number(deployment.blockNumber),
      services: { storageUrl: storage.url, indexerUrl: indexer.graphqlUrl, indexerBaseUrl: indexer.url },
      release: { privateKey: releaseKey, publicKey: compressedPublicKey(releaseKey) },
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

/** Compressed secp256k1 public key (33 bytes) of a private key. */
function compressedPublicKey(privateKey: Hex): Hex {
  const uncompressed = privateKeyToAccount(privateKey).publicKey // 0x04 ‖ x ‖ y
  const yOdd = Number.parseInt(uncompressed.slice(-2), 16) % 2 === 1
  return `0x${yOdd ? '03' : '02'}${uncompressed.slice(4, 68)}`
}
