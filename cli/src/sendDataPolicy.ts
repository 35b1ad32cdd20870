import {
  DataPolicyError,
  type DataPolicyWriteName,
  type WriteDataPolicyParameters,
  writeDataPolicy,
} from '@licen/sdk'
import { createWalletClient, defineChain, type Hash, http, type TransactionReceipt } from 'viem'
import type { PrivateKeyAccount } from 'viem/accounts'
import { CliError } from './CliError.js'
import type { Network } from './network.js'

/** Options of a command that sends a DataPolicy transaction. */
export const sendOptions = { timeout: { type: 'string' } } as const

/** Usage text of {@link sendOptions}. */
export const SEND_USAGE = '[--timeout <seconds to wait for the receipt, default 120>]'

const DEFAULT_TIMEOUT_S = 120
const DEVNET_CHAIN_ID = 31337

/** The receipt wait of `--timeout <seconds>` (1 to 3600, default 120), in milliseconds. */
export function readTimeout(values: Record<string, string | boolean | undefined>): number {
  const value = values.timeout
  if (value === undefined) return DEFAULT_TIMEOUT_S * 1000
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,3}$/.test(value) || Number(value) > 3600)
    throw new CliError('--timeout must be a number of seconds (1 to 3600).', { code: 'CLI_USAGE' })
  return Number(value) * 1000
}

/**
 * Simulates, sends and waits for one DataPolicy transaction from `account` on the network's chain (readNetwork has
 * checked the RPC's chain id; viem checks it again before signing). Reverts come back as the sdk's
 * `DataPolicyError` with the revert's stable code; a receipt not seen within `timeoutMs` is `CHAIN_TIMEOUT` naming
 * the transaction, which may still be mined.
 */
export async function sendDataPolicy<name extends DataPolicyWriteName>(
  network: Network,
  account: PrivateKeyAccount,
  call: Pick<WriteDataPolicyParameters<name>, 'functionName' | 'args'>,
  timeoutMs: number,
): Promise<{ hash: Hash; receipt: TransactionReceipt }> {
  const chain = defineChain({
    id: network.chainId,
    name: network.preset?.chain.name ?? `chain ${network.chainId}`,
    nativeCurrency: network.preset?.chain.nativeCurrency ?? { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [network.rpcUrl] } },
  })
  const wallet = createWalletClient({
    account,
    chain,
    transport: http(network.rpcUrl, { timeout: 15_000, retryCount: 1 }),
  })
  try {
    return await writeDataPolicy(wallet, {
      address: network.contract,
      functionName: call.functionName,
      args: call.args,
      timeoutMs,
      pollingIntervalMs: network.chainId === DEVNET_CHAIN_ID ? 250 : 1000,
    } as WriteDataPolicyParameters<name>)
  } catch (error) {
    if (error instanceof DataPolicyError && error.code === 'CHAIN_TIMEOUT')
      throw new DataPolicyError(`Transaction ${error.details} was not mined in time.`, {
        code: 'CHAIN_TIMEOUT',
        details: `waited ${timeoutMs / 1000} s for ${call.functionName}; it may still be mined: look it up before sending again`,
      })
    throw error
  }
}
