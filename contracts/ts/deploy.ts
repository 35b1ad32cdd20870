import {
  type Account,
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  type Hash,
  type Hex,
  http,
  type Transport,
  type WalletClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { writeDeployment } from './deployment.js'
import { ContractsError } from './errors.js'
import { dataPolicyAbi, dataPolicyAbiHash } from './generated/dataPolicyAbi.js'
import { dataPolicyBytecode } from './generated/dataPolicyBytecode.js'

export type DeployDataPolicyParameters = {
  rpcUrl: string
  /** Deployer key; the deployer pays gas. */
  privateKey: Hex
  /** Admin of the contract (Ownable2Step); defaults to the deployer. */
  owner?: Address | undefined
  chain?: Chain | undefined
  /** When set, the deployment is also recorded as `<deploymentsDir>/<chainId>.json` (see `writeDeployment`). */
  deploymentsDir?: string | undefined
}

export type DataPolicyDeployment = {
  chainId: number
  address: Address
  blockNumber: bigint
  transactionHash: Hash
  /** keccak256 of the ABI JSON the deployed bytecode was built with. */
  abiHash: Hash
  /** Path of the deployments file written, when `deploymentsDir` was given. */
  deploymentFile?: string | undefined
}

/** Deploys DataPolicy with viem, waits for the receipt and optionally records it in `deploymentsDir`. */
export async function deployDataPolicy(
  parameters: DeployDataPolicyParameters,
): Promise<DataPolicyDeployment> {
  const account = privateKeyToAccount(parameters.privateKey)
  const transport = http(parameters.rpcUrl)
  const publicClient = createPublicClient({ transport, chain: parameters.chain })
  const walletClient: WalletClient<Transport, Chain | undefined, Account> = createWalletClient({
    account,
    transport,
    chain: parameters.chain,
  })
  const chainId = await publicClient.getChainId()
  const transactionHash = await walletClient.deployContract({
    abi: dataPolicyAbi,
    bytecode: dataPolicyBytecode,
    args: [parameters.owner ?? account.address],
    chain: parameters.chain ?? null,
  })
  const receipt = await publicClient.waitForTransactionReceipt({ hash: transactionHash, pollingInterval: 50 })
  if (receipt.status !== 'success' || !receipt.contractAddress) {
    throw new ContractsError('DataPolicy deployment reverted', {
      code: 'DEPLOYMENT_REVERTED',
      details: `transaction ${transactionHash}`,
    })
  }
  const deployment: DataPolicyDeployment = {
    chainId,
    address: receipt.contractAddress,
    blockNumber: receipt.blockNumber,
    transactionHash,
    abiHash: dataPolicyAbiHash,
  }
  if (parameters.deploymentsDir !== undefined) {
    deployment.deploymentFile = writeDeployment(parameters.deploymentsDir, {
      chainId,
      address: deployment.address,
      blockNumber: Number(deployment.blockNumber),
      transactionHash,
      abiHash: dataPolicyAbiHash,
    })
  }
  return deployment
}
