import type { Account, Address, Chain, Hash, Transport, WalletClient } from 'viem'
import { encodeFunctionData } from 'viem'
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
    throw new StorageError('STORAGE_ZEROG_FAILED', 'The 0G Flow submission failed.', { cause })
  }
}
