import { createPublicClient, type Hash, http } from 'viem'
import type { Deployment } from './deployment.js'
import { BaseError, DeploymentError } from './errors.js'

export type VerifyDeploymentParameters = {
  rpcUrl: string
  deployment: Deployment
  /** Per-request timeout in ms (default 10 s). */
  timeoutMs?: number | undefined
}

/**
 * Checks that the chain behind `rpcUrl` is the deployment's chain and holds its deployment transaction, which
 * created the recorded address in the recorded block; returns that block's hash.
 */
export async function verifyDeployment(parameters: VerifyDeploymentParameters): Promise<{ blockHash: Hash }> {
  const { deployment } = parameters
  const client = createPublicClient({
    transport: http(parameters.rpcUrl, { timeout: parameters.timeoutMs ?? 10_000, retryCount: 2 }),
  })
  // viem errors quote the RPC URL, so they are reduced to their name rather than passed on as causes.
  const call = async <value>(what: string, request: () => Promise<value>): Promise<value> => {
    try {
      return await request()
    } catch (error) {
      if (error instanceof BaseError) throw error
      const name = error instanceof Error ? error.name : 'Error'
      throw new DeploymentError('Chain RPC did not answer', {
        code: 'RPC_UNREACHABLE',
        details: `${what}: ${name}`,
      })
    }
  }
  const chainId = await call('eth_chainId', () => client.getChainId())
  if (chainId !== deployment.chainId) {
    throw new DeploymentError('RPC serves a different chain than the deployment', {
      code: 'CHAIN_MISMATCH',
      details: `deployment chain ${deployment.chainId}, RPC chain ${chainId}`,
    })
  }
  const receipt = await call('eth_getTransactionReceipt', () =>
    client.getTransactionReceipt({ hash: deployment.transactionHash }).catch((error: unknown) => {
      if (error instanceof Error && error.name === 'TransactionReceiptNotFoundError') return null
      throw error
    }),
  )
  if (
    receipt === null ||
    receipt.status !== 'success' ||
    receipt.contractAddress?.toLowerCase() !== deployment.address.toLowerCase() ||
    receipt.blockNumber !== deployment.blockNumber
  ) {
    throw new DeploymentError('Deployment is not on this chain', {
      code: 'DEPLOYMENT_NOT_ON_CHAIN',
      details:
        receipt === null
          ? `transaction ${deployment.transactionHash} not found`
          : `transaction ${deployment.transactionHash} created ${receipt.contractAddress ?? 'no contract'} in block ${receipt.blockNumber}, file says ${deployment.address} in block ${deployment.blockNumber}`,
    })
  }
  return { blockHash: receipt.blockHash }
}
