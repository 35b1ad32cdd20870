// Test helpers to drive DataPolicy on anvil: one wallet per actor, transactions that must succeed, EIP-712
// signatures by a job's enclave key, and anvil's time and snapshot controls.
import { anvilPrivateKeys, type DataPolicyDeployment } from '@licen/contracts'
import {
  dataPolicyAbi,
  dataPolicyDomainName,
  dataPolicyDomainVersion,
  dataPolicyTypes,
} from '@licen/contracts/abi'
import type { FailureReport, ResultManifest } from '@licen/sdk'
import { startDataPolicyChain } from '@licen/testing'
import {
  type Account,
  type Address,
  type Chain,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type Hex,
  type PublicClient,
  stringToHex,
  type Transport,
  type WalletClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

type WriteName = ContractFunctionName<typeof dataPolicyAbi, 'nonpayable' | 'payable'>

/** DataPolicy on its own anvil with a wallet per anvil account. */
export type Chainside = {
  rpcUrl: string
  address: Address
  deployment: DataPolicyDeployment
  client: PublicClient<Transport, Chain>
  wallets: WalletClient<Transport, Chain, Account>[]
  /** Sends a DataPolicy transaction from anvil account `from` and waits for its successful receipt. */
  send: <name extends WriteName>(
    from: number,
    functionName: name,
    args: ContractFunctionArgs<typeof dataPolicyAbi, 'nonpayable' | 'payable', name>,
    value?: bigint,
  ) => Promise<{ blockNumber: bigint; transactionHash: Hex }>
  /** Calls a JSON-RPC method on anvil. */
  rpc: <result = unknown>(method: string, params?: unknown[]) => Promise<result>
  /** Stops anvil. */
  stop: () => Promise<void>
}

/** Starts anvil with DataPolicy deployed (`startDataPolicyChain` of `@licen/testing`) and connects to it. */
export async function startChainside(): Promise<Chainside> {
  const local = await startDataPolicyChain({ pollingIntervalMs: 20 })
  const { publicClient: client, dataPolicy: address } = local
  const wallets = anvilPrivateKeys.map((_, index) => local.wallet(index))
  return {
    rpcUrl: local.rpcUrl,
    address,
    deployment: local.deployment,
    client,
    wallets,
    stop: () => local.stop(),
    async send(from, functionName, args, value) {
      const wallet = wallets[from]!
      const hash = await wallet.writeContract({
        address,
        abi: dataPolicyAbi,
        functionName,
        args,
        ...(value === undefined ? {} : { value }),
      } as never)
      const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
      if (receipt.status !== 'success') throw new Error(`${functionName} reverted (${hash})`)
      return { blockNumber: receipt.blockNumber, transactionHash: hash }
    },
    async rpc(method, params = []) {
      return (await client.request({ method: method as never, params: params as never })) as never
    },
  }
}

/** A failure reason as the contract takes it: ASCII right-padded to 32 bytes. */
export function reasonCode(code: string): Hex {
  return stringToHex(code, { size: 32 })
}

/** The EIP-712 domain of a DataPolicy deployment. */
export function domainOf(chain: Chainside) {
  return {
    name: dataPolicyDomainName,
    version: dataPolicyDomainVersion,
    chainId: chain.client.chain.id,
    verifyingContract: chain.address,
  }
}

/** Signs a ResultManifest with an enclave key. */
export async function signResultManifest(
  chain: Chainside,
  enclaveKey: Hex,
  message: ResultManifest,
): Promise<Hex> {
  return privateKeyToAccount(enclaveKey).signTypedData({
    domain: domainOf(chain),
    primaryType: 'ResultManifest',
    types: dataPolicyTypes,
    message,
  })
}

/** Signs a FailureReport with an enclave key. */
export async function signFailureReport(
  chain: Chainside,
  enclaveKey: Hex,
  message: FailureReport,
): Promise<Hex> {
  return privateKeyToAccount(enclaveKey).signTypedData({
    domain: domainOf(chain),
    primaryType: 'FailureReport',
    types: dataPolicyTypes,
    message,
  })
}
