import { anvilPrivateKeys, deployDataPolicy, startAnvil } from '@licen/contracts'
import type { Address } from 'viem'

/** What the end-to-end suite needs from a running local stack. */
export type E2eStack = {
  rpcUrl: string
  chainId: number
  dataPolicy: Address
  deploymentBlock: number
  /** Fields of config.json for the parts that run (indexer, storage, orchestrator) — absent parts are omitted. */
  services: {
    indexerUrl?: string
    storageUrl?: string
    orchestratorUrl?: string
    attestationPoliciesUrl?: string
  }
  stop: () => Promise<void>
}

/**
 * Starts the local stack for the e2e suite. Today that is what exists of the devnet: anvil with deterministic
 * accounts and a fresh DataPolicy deployment (1 s blocks are not needed: anvil mines per transaction). When
 * `@licen/devnet` exports `startDevnet`, this becomes a call to it (see the app README for the interface).
 */
export async function startStack(): Promise<E2eStack> {
  const anvil = await startAnvil({})
  try {
    const deployment = await deployDataPolicy({ rpcUrl: anvil.rpcUrl, privateKey: anvilPrivateKeys[0] })
    return {
      rpcUrl: anvil.rpcUrl,
      chainId: deployment.chainId,
      dataPolicy: deployment.address,
      deploymentBlock: Number(deployment.blockNumber),
      services: {},
      stop: anvil.stop,
    }
  } catch (error) {
    await anvil.stop()
    throw error
  }
}
