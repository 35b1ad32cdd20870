import { dataPolicyAbi, parseProviderRegistered, readProvider, writeDataPolicy } from '@licen/sdk'
import type { Address } from 'viem'
import { getContractEvents } from 'viem/actions'
import { type DevRole, devAccount } from './accounts.js'
import { LOCAL_POLLING, publicClientFor, walletFor } from './wallets.js'

/** Parameters of {@link ensureProvider}. */
export type EnsureProviderParameters = {
  rpcUrl: string
  dataPolicy: Address
  fromBlock: bigint
  /** The operator account's role. */
  role: DevRole
  endpoint: string
  pricePerEpoch: bigint
}

/**
 * Returns the provider id the role's account operates, registering it on first use and bringing its endpoint,
 * price and active flag up to date otherwise (so a devnet restart on other ports keeps its provider).
 */
export async function ensureProvider(
  parameters: EnsureProviderParameters,
): Promise<{ providerId: number; change: 'registered' | 'updated' | 'unchanged' }> {
  const client = publicClientFor(parameters.rpcUrl)
  const operator = devAccount(parameters.role).address
  const wallet = walletFor(parameters.rpcUrl, parameters.role)
  const address = parameters.dataPolicy
  const registered = await getContractEvents(client, {
    address,
    abi: dataPolicyAbi,
    eventName: 'ProviderRegistered',
    args: { operator },
    fromBlock: parameters.fromBlock,
    strict: true,
  })
  const providerId = registered[0]?.args.providerId
  if (providerId === undefined) {
    const { receipt } = await writeDataPolicy(wallet, {
      address,
      functionName: 'registerProvider',
      args: [parameters.endpoint, parameters.pricePerEpoch],
      ...LOCAL_POLLING,
    })
    return { providerId: parseProviderRegistered(receipt, address).providerId, change: 'registered' }
  }
  const current = await readProvider(client, { address, providerId })
  let change: 'updated' | 'unchanged' = 'unchanged'
  if (current.endpoint !== parameters.endpoint || current.pricePerEpoch !== parameters.pricePerEpoch) {
    await writeDataPolicy(wallet, {
      address,
      functionName: 'updateProvider',
      args: [providerId, parameters.endpoint, parameters.pricePerEpoch],
      ...LOCAL_POLLING,
    })
    change = 'updated'
  }
  if (!current.active) {
    await writeDataPolicy(wallet, {
      address,
      functionName: 'setProviderActive',
      args: [providerId, true],
      ...LOCAL_POLLING,
    })
    change = 'updated'
  }
  return { providerId, change }
}
