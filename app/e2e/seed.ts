import { anvilPrivateKeys } from '@licen/contracts'
import { dataPolicyAbi } from '@licen/sdk'
import { type Address, createPublicClient, createWalletClient, type Hex, http, keccak256, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { E2eStack } from './stack.js'

/** Sends one DataPolicy write from an anvil account and waits for it (test setup only). */
export async function writeAs(
  stack: E2eStack,
  keyIndex: number,
  call: { functionName: string; args: readonly unknown[]; value?: bigint },
): Promise<void> {
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
}

/** A deterministic 32-byte value for test data. */
export const testRoot = (label: string): Hex => keccak256(toHex(label))

/** Moves anvil's clock forward and mines a block. */
export async function advanceTime(stack: E2eStack, seconds: number): Promise<void> {
  const call = (method: string, params: unknown[]) =>
    fetch(stack.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    })
  await call('evm_increaseTime', [seconds])
  await call('evm_mine', [])
}

/** Address of anvil account `index`. */
export const anvilAddress = (index: number): Address => privateKeyToAccount(anvilPrivateKeys[index]!).address
