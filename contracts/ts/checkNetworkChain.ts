import { createPublicClient, http } from 'viem'
import { ContractsError } from './errors.js'
import type { LicenNetwork } from './networks.js'

/** Parameters of {@link checkNetworkChain}. */
export type CheckNetworkChainParameters = {
  /** The preset the deployment is for. */
  network: Pick<LicenNetwork, 'name' | 'chain'>
  /** The RPC the deployment would use (the preset's, or an override such as a local anvil). */
  rpcUrl: string
  /** Time allowed for `eth_chainId` (default 15 s). */
  timeoutMs?: number | undefined
}

/**
 * Asks the RPC for its chain id and refuses (DEPLOY_CHAIN_MISMATCH) unless it is the preset's: the check a deploy
 * makes before any transaction. Resolves to the chain id. The RPC URL stays out of errors (it may carry an API key).
 */
export async function checkNetworkChain(parameters: CheckNetworkChainParameters): Promise<number> {
  const { network } = parameters
  const chainId = await readChainId(parameters.rpcUrl, parameters.timeoutMs)
  if (chainId !== network.chain.id)
    throw new ContractsError(
      `preset ${network.name} is chain ${network.chain.id}, the RPC reports ${chainId}`,
      { code: 'DEPLOY_CHAIN_MISMATCH' },
    )
  return chainId
}

/** The RPC's `eth_chainId`, or DEPLOY_RPC_UNAVAILABLE (details name the failure, never the URL). */
export async function readChainId(rpcUrl: string, timeoutMs = 15_000): Promise<number> {
  const client = createPublicClient({ transport: http(rpcUrl, { timeout: timeoutMs, retryCount: 1 }) })
  try {
    return await client.getChainId()
  } catch (cause) {
    throw new ContractsError('The RPC did not answer eth_chainId.', {
      code: 'DEPLOY_RPC_UNAVAILABLE',
      details: cause instanceof Error ? cause.name : 'eth_chainId failed',
      cause,
    })
  }
}
