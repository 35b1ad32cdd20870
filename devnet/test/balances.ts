// Wei-exact bookkeeping for system tests: balances and contract credits before and after, gas of each account's
// own transactions, and withdrawals that empty every credit.
import { dataPolicyAbi, writeDataPolicy } from '@licen/sdk'
import type { Address, TransactionReceipt } from 'viem'
import { readContract } from 'viem/actions'
import { type DevRole, devAccount } from '../src/dev/accounts.js'
import type { DevnetInfo } from '../src/dev/devnetInfo.js'
import { LOCAL_POLLING, publicClientFor, walletFor } from '../src/dev/wallets.js'

/** ETH balances of some roles and of the contract, and the roles' credits in it. */
export type Snapshot = { eth: Map<DevRole, bigint>; credits: Map<DevRole, bigint>; contract: bigint }

/** Reads the balances and credits of `roles` and the contract's balance. */
export async function snapshot(info: DevnetInfo, roles: readonly DevRole[]): Promise<Snapshot> {
  const client = publicClientFor(info.rpcUrl)
  const eth = new Map<DevRole, bigint>()
  const credits = new Map<DevRole, bigint>()
  for (const role of roles) {
    const address = devAccount(role).address
    eth.set(role, await client.getBalance({ address }))
    credits.set(role, await creditsOf(info, address))
  }
  return { eth, credits, contract: await client.getBalance({ address: info.dataPolicy }) }
}

/** The account's withdrawable credit in DataPolicy. */
export function creditsOf(info: DevnetInfo, address: Address): Promise<bigint> {
  return readContract(publicClientFor(info.rpcUrl), {
    address: info.dataPolicy,
    abi: dataPolicyAbi,
    functionName: 'credits',
    args: [address],
  })
}

/** Withdraws every role's credit (those with none send nothing) and returns each withdrawal's receipt. */
export async function withdrawAll(
  info: DevnetInfo,
  roles: readonly DevRole[],
): Promise<Map<DevRole, TransactionReceipt>> {
  const receipts = new Map<DevRole, TransactionReceipt>()
  for (const role of roles) {
    if ((await creditsOf(info, devAccount(role).address)) === 0n) continue
    const { receipt } = await writeDataPolicy(walletFor(info.rpcUrl, role), {
      address: info.dataPolicy,
      functionName: 'withdraw',
      args: [],
      ...LOCAL_POLLING,
    })
    receipts.set(role, receipt)
  }
  return receipts
}

/** Gas paid by a transaction's sender, in wei. */
export const gasOf = (receipt: TransactionReceipt | undefined) =>
  receipt ? receipt.gasUsed * receipt.effectiveGasPrice : 0n

/** Each role's ETH change between two snapshots. */
export function deltas(before: Snapshot, after: Snapshot): Record<string, bigint> {
  return Object.fromEntries([...after.eth].map(([role, value]) => [role, value - before.eth.get(role)!]))
}
