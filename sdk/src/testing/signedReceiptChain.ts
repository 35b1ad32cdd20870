import type { Hex } from 'viem'
import { hashEpochReceipt, nextEpochReceipt, signEpochReceipt } from '../eip712/epochReceipt.js'
import type { DataPolicyDomain, TypedDataSigner } from '../eip712/types.js'
import type { ResultReceipt } from '../result/resultReceiptsFile.js'

/** Parameters of {@link signedReceiptChain}: one receipt per entry of `adapterHashes`, epochs from 1. */
export type SignedReceiptChainParameters = {
  signer: TypedDataSigner
  domain: DataPolicyDomain
  jobId: bigint
  /** Samples of every epoch. */
  samples: bigint
  /** `lossMicro` of every epoch. */
  lossMicro: bigint
  /** The adapter hash each epoch names, in order; the last is the delivered adapter's. */
  adapterHashes: readonly Hex[]
}

/**
 * A chain of epoch receipts as an enclave signs them (each `prevReceipt` the digest of the one before), with their
 * digests: what a provider node serves and a result's `licen_receipts.json` holds.
 */
export async function signedReceiptChain(parameters: SignedReceiptChainParameters): Promise<ResultReceipt[]> {
  const { signer, domain } = parameters
  const receipts: ResultReceipt[] = []
  for (const adapterHash of parameters.adapterHashes) {
    const receipt = nextEpochReceipt({
      domain,
      previous: receipts.at(-1)?.receipt,
      jobId: parameters.jobId,
      samples: parameters.samples,
      lossMicro: parameters.lossMicro,
      adapterHash,
    })
    const signature = await signEpochReceipt({ signer, domain, receipt })
    receipts.push({ receipt, digest: hashEpochReceipt(domain, receipt), signature })
  }
  return receipts
}
