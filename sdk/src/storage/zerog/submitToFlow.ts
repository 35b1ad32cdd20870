import type { Account, Address, Chain, Hash, Transport, WalletClient } from 'viem'
import { encodeFunctionData, toFunctionSelector } from 'viem'
import { sendTransaction } from 'viem/actions'
import { StorageError } from '../StorageError.js'
import { zgFlowAbi } from './flowAbi.js'
import type { ZgSubmission } from './zgSubmission.js'

/** Calldata of `Flow.submit(submission)`. */
export function encodeFlowSubmit(submission: ZgSubmission) {
  return encodeFunctionData({ abi: zgFlowAbi, functionName: 'submit', args: [submission] })
}

/** Sends `Flow.submit(submission)` paying `fee` to the pinned Flow address; returns the transaction hash. */
export async function submitToFlow(
  wallet: WalletClient<Transport, Chain | undefined, Account>,
  parameters: { flowAddress: Address; submission: ZgSubmission; fee: bigint },
): Promise<Hash> {
  try {
    return await sendTransaction(wallet, {
      account: wallet.account,
      chain: wallet.chain,
      to: parameters.flowAddress,
      data: encodeFlowSubmit(parameters.submission),
      value: parameters.fee,
    })
  } catch (cause) {
    throw new StorageError('The 0G Flow submission failed.', { code: 'STORAGE_ZEROG_FAILED', cause })
  }
}

/** Selector of the Flow's `NotEnoughFee(uint256 price, uint256 amount, uint256 paid)` revert. */
const NOT_ENOUGH_FEE = toFunctionSelector('NotEnoughFee(uint256,uint256,uint256)').slice(2)

/** Whether a failed submission reverted with the Flow's NotEnoughFee (the price moved after we read it). */
export function isNotEnoughFee(error: unknown): boolean {
  for (
    let e = error as { cause?: unknown; data?: unknown; message?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    const text = `${typeof e.data === 'string' ? e.data : ''} ${typeof e.message === 'string' ? e.message : ''}`
    if (text.toLowerCase().includes(NOT_ENOUGH_FEE) || text.includes('NotEnoughFee')) return true
    if (e.cause === e) break
  }
  return false
}
