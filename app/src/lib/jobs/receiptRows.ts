import {
  dataPolicyDomain,
  hashEpochReceipt,
  recoverEpochReceiptSigner,
  type SignedEpochReceipt,
} from '@licen/sdk'
import { type Address, type Hex, isAddressEqual, zeroHash } from 'viem'
import type { AppConfig } from '../config/appConfig.js'

/** How one receipt checked out in this browser. */
export type ReceiptVerdict = 'verified' | 'other-signer' | 'unlinked' | 'bad-signature'

/** One row of the per-epoch receipt list. */
export type ReceiptRow = {
  epoch: number
  samples: bigint
  /** Mean training loss of the epoch (`lossMicro` / 1e6). */
  loss: number
  adapterHash: Hex
  verdict: ReceiptVerdict
}

/** What each verdict means, for the list. */
export const receiptVerdictText: Record<ReceiptVerdict, string> = {
  verified: 'signed by the job’s enclave key',
  'other-signer': 'signed by another key',
  unlinked: 'not linked to the previous receipt',
  'bad-signature': 'signature unreadable',
}

/**
 * Checks each receipt on its own in this browser (EIP-712, this deployment's domain): signed by the job's enclave
 * key, for this job, epoch i + 1 and linked to the digest of receipt i (zero for the first), so the list can say
 * which receipt is wrong; the chart relies on `verifyReceipts`, which refuses the whole chain.
 */
export async function receiptRows(
  config: AppConfig,
  jobId: bigint,
  enclaveSigner: Address,
  receipts: readonly SignedEpochReceipt[],
): Promise<ReceiptRow[]> {
  const domain = dataPolicyDomain({ chainId: config.chain.id, verifyingContract: config.dataPolicy.address })
  const rows: ReceiptRow[] = []
  let previous: Hex = zeroHash
  for (const [i, { receipt, signature }] of receipts.entries()) {
    const linked =
      receipt.jobId === jobId && receipt.epoch === i + 1 && receipt.prevReceipt.toLowerCase() === previous
    let verdict: ReceiptVerdict
    try {
      const signer = await recoverEpochReceiptSigner({ domain, receipt, signature })
      verdict = !isAddressEqual(signer, enclaveSigner) ? 'other-signer' : linked ? 'verified' : 'unlinked'
    } catch {
      verdict = 'bad-signature'
    }
    rows.push({
      epoch: receipt.epoch,
      samples: receipt.samples,
      loss: Number(receipt.lossMicro) / 1e6,
      adapterHash: receipt.adapterHash,
      verdict,
    })
    previous = hashEpochReceipt(domain, receipt)
  }
  return rows
}
