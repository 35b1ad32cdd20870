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
import { dataPolicyAbi } from './generated/dataPolicyAbi.js'
import { dataPolicyBytecode } from './generated/dataPolicyBytecode.js'

export type DeployDataPolicyParameters = {
  rpcUrl: string
  /** Deployer key; the deployer pays gas. */
  privateKey: Hex
  /** Admin of the contract (Ownable2Step); defaults to the deployer. */
  owner?: Address | undefined
  chain?: Chain | undefined
}

export type DataPolicyDeployment = {
  chainId: number
  address: Address
  blockNumber: bigint
  transactionHash: Hash
}

/** Deploys DataPolicy with viem and waits for the receipt. */
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
    throw new Error(`DataPolicy deployment reverted (tx ${transactionHash})`)
  }
  return { chainId, address: receipt.contractAddress, blockNumber: receipt.blockNumber, transactionHash }
}
