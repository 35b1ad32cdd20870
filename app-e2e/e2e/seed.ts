import { anvilPrivateKeys } from '@licen/contracts'
import { dataPolicyAbi } from '@licen/sdk'
import { type Address, createPublicClient, createWalletClient, type Hash, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { E2eStack } from './stack.js'

/** Sends one DataPolicy write from an anvil account and waits for it (test setup only); returns its hash. */
export async function writeAs(
  stack: E2eStack,
  keyIndex: number,
  call: { functionName: string; args: readonly unknown[]; value?: bigint },
): Promise<Hash> {
  const account = privateKeyToAccount(anvilPrivateKeys[keyIndex]!)
  const wallet = createWalletClient({ account, transport: http(stack.rpcUrl) })
  const client = createPublicClient({ transport: http(stack.rpcUrl) })
  const hash = await wallet.writeContract({
    abi: dataPolicyAbi,
    address: stack.dataPolicy,
    functionName: call.functionName,
    args: call.args,
    value: call.value,
    chain: null,
  } as never)
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 })
  if (receipt.status !== 'success') throw new Error(`${call.functionName} reverted`)
  return hash
}

/**
 * Moves the chain's clock forward by `seconds`. No block is mined here: the devnet's anvil produces one every
 * second, and that block carries the new time (as a real chain's next block would).
 */
export async function increaseChainTime(stack: E2eStack, seconds: number): Promise<void> {
  const response = await fetch(stack.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'evm_increaseTime', params: [seconds] }),
  })
  const body = (await response.json()) as { error?: { message: string } }
  if (body.error) throw new Error(`evm_increaseTime: ${body.error.message}`)
}

/** Address of anvil account `index`. */
export const anvilAddress = (index: number): Address => privateKeyToAccount(anvilPrivateKeys[index]!).address
