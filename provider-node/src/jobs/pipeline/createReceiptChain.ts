import {
  type DataPolicyDomain,
  type EpochReceipt,
  hashEpochReceipt,
  nextEpochReceipt,
  signEpochReceipt,
} from '@licen/sdk'
import { type Hex, type LocalAccount, zeroHash } from 'viem'
import type { EpochResult } from '../../trainer/Trainer.js'
import type { SignedReceipt } from '../JobRecord.js'

/** Signs one EpochReceipt per finished epoch, each linking the digest of the one before. */
export type ReceiptChain = {
  /** Queues the receipt of the next epoch; epochs must arrive in order 1, 2, … */
  add: (result: EpochResult) => void
  /** Resolves once every queued receipt is signed; rejects with the first signing failure. */
  settled: () => Promise<void>
  /** Receipts signed so far, in order. */
  readonly receipts: readonly SignedReceipt[]
  /** Digest of the last signed receipt (zero before the first). */
  head: () => Hex
}

export type CreateReceiptChainParameters = {
  domain: DataPolicyDomain
  jobId: bigint
  account: Pick<LocalAccount, 'signTypedData'>
  /** Called after each receipt is signed (to publish it at once). */
  onReceipt?: ((receipt: SignedReceipt) => void) | undefined
}

/** Creates an empty receipt chain for one job. */
export function createReceiptChain(parameters: CreateReceiptChainParameters): ReceiptChain {
  const receipts: SignedReceipt[] = []
  let previous: EpochReceipt | undefined
  let pending: Promise<void> = Promise.resolve()
  let failure: unknown
  return {
    add(result) {
      // The receipt and its digest are built now, in order; only the signature is awaited.
      const receipt = nextEpochReceipt({
        domain: parameters.domain,
        previous,
        jobId: parameters.jobId,
        samples: result.samples,
        lossMicro: result.lossMicro,
        adapterHash: result.adapterHash,
      })
      if (receipt.epoch !== result.epoch) {
        failure ??= new Error(`epoch ${result.epoch} reported after epoch ${receipt.epoch - 1}`)
        return
      }
      previous = receipt
      const digest = hashEpochReceipt(parameters.domain, receipt)
      pending = pending.then(async () => {
        if (failure) return
        try {
          const signature = await signEpochReceipt({
            signer: parameters.account,
            domain: parameters.domain,
            receipt,
          })
          const signed = { receipt, digest, signature }
          receipts.push(signed)
          parameters.onReceipt?.(signed)
        } catch (error) {
          failure ??= error
        }
      })
    },
    async settled() {
      await pending
      if (failure) throw failure
    },
    receipts,
    head: () => receipts.at(-1)?.digest ?? zeroHash,
  }
}
