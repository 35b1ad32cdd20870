// Test helpers to drive DataPolicy on anvil: one wallet per actor, transactions that must succeed, EIP-712
// signatures by a job's enclave key, and anvil's time and snapshot controls.
import { anvilPrivateKeys } from '@licen/contracts'
import {
  dataPolicyAbi,
  dataPolicyDomainName,
  dataPolicyDomainVersion,
  dataPolicyTypes,
} from '@licen/contracts/abi'
import type { FailureReport, ResultManifest } from '@licen/sdk'
import {
  type Account,
  type Address,
  type Chain,
  type ContractFunctionArgs,
  type ContractFunctionName,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  type PublicClient,
  stringToHex,
  type Transport,
  type WalletClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'

type WriteName = ContractFunctionName<typeof dataPolicyAbi, 'nonpayable' | 'payable'>

/** A connection to DataPolicy on anvil with a wallet per anvil account. */
export type Chainside = {
  rpcUrl: string
  address: Address
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
}

/** Connects to a DataPolicy deployment on anvil. */
export function connect(rpcUrl: string, address: Address): Chainside {
  const transport = http(rpcUrl)
  const client = createPublicClient({ chain: foundry, transport, pollingInterval: 20 })
  const wallets = anvilPrivateKeys.map((key) =>
    createWalletClient({ account: privateKeyToAccount(key), chain: foundry, transport }),
  )
  return {
    rpcUrl,
    address,
    client,
    wallets,
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
