import {
  type Address,
  type Hex,
  hashTypedData,
  isAddressEqual,
  recoverTypedDataAddress,
  zeroHash,
} from 'viem'
import { Eip712Error } from './Eip712Error.js'
import { type DataPolicyDomain, dataPolicyTypes, type EpochReceipt, type TypedDataSigner } from './types.js'
import { assertEpochReceipt } from './validate.js'

const typed = (domain: DataPolicyDomain, receipt: EpochReceipt) => {
  assertEpochReceipt(receipt)
  return { domain, types: dataPolicyTypes, primaryType: 'EpochReceipt' as const, message: receipt }
}

/** An epoch receipt with the enclave's signature over it. */
export type SignedEpochReceipt = { receipt: EpochReceipt; signature: Hex }

/** EIP-712 digest of an epoch receipt, equal to `DataPolicy.hashEpochReceipt`; the next receipt's `prevReceipt`. */
export function hashEpochReceipt(domain: DataPolicyDomain, receipt: EpochReceipt): Hex {
  return hashTypedData(typed(domain, receipt))
}

/** Converts a mean loss to the receipt's `lossMicro`: round(loss × 1e6) as uint64. */
export function toLossMicro(meanLoss: number): bigint {
  if (!Number.isFinite(meanLoss) || meanLoss < 0) {
    throw new Eip712Error('Mean loss must be a finite, non-negative number.', {
      code: 'EIP712_INVALID_ARGUMENT',
      details: String(meanLoss),
    })
  }
  const micro = BigInt(Math.round(meanLoss * 1e6))
  if (micro > 2n ** 64n - 1n)
    throw new Eip712Error('Mean loss is too large for uint64.', { code: 'EIP712_INVALID_ARGUMENT' })
  return micro
}

/** Signs an epoch receipt with the job's enclave key. */
export function signEpochReceipt(parameters: {
  signer: TypedDataSigner
  domain: DataPolicyDomain
  receipt: EpochReceipt
}): Promise<Hex> {
  return parameters.signer.signTypedData(typed(parameters.domain, parameters.receipt))
}

/** Recovers the address that signed an epoch receipt. */
export function recoverEpochReceiptSigner(parameters: {
  domain: DataPolicyDomain
  receipt: EpochReceipt
  signature: Hex
}): Promise<Address> {
  return recoverTypedDataAddress({
    ...typed(parameters.domain, parameters.receipt),
    signature: parameters.signature,
  })
}

/** Builds the next receipt of a chain: epoch = previous + 1 (or 1) and `prevReceipt` = previous digest (or zero). */
export function nextEpochReceipt(parameters: {
  domain: DataPolicyDomain
  previous: EpochReceipt | undefined
  jobId: bigint
  samples: bigint
  lossMicro: bigint
  adapterHash: Hex
}): EpochReceipt {
  const { previous } = parameters
  return {
    jobId: parameters.jobId,
    epoch: previous ? previous.epoch + 1 : 1,
    samples: parameters.samples,
    lossMicro: parameters.lossMicro,
    adapterHash: parameters.adapterHash,
    prevReceipt: previous ? hashEpochReceipt(parameters.domain, previous) : zeroHash,
  }
}

/**
 * Checks a chain of signed receipts for one job: epochs 1..n in order, each `prevReceipt` the digest of the one
 * before (zero for the first), every signature by `signer`. Returns `receiptsHead` (zero for no receipts).
 */
export async function verifyReceiptChain(parameters: {
  domain: DataPolicyDomain
  jobId: bigint
  signer: Address
  receipts: readonly SignedEpochReceipt[]
}): Promise<Hex> {
  let head: Hex = zeroHash
  for (const [i, { receipt, signature }] of parameters.receipts.entries()) {
    const broken = (details: string) =>
      new Eip712Error('Epoch receipts do not form a chain.', { code: 'EIP712_RECEIPT_CHAIN_BROKEN', details })
    if (receipt.jobId !== parameters.jobId) throw broken(`receipt ${i} is for job ${receipt.jobId}`)
    if (receipt.epoch !== i + 1) throw broken(`receipt ${i} has epoch ${receipt.epoch}, expected ${i + 1}`)
    if (receipt.prevReceipt.toLowerCase() !== head)
      throw broken(`receipt ${i} does not link the previous receipt`)
    const recovered = await recoverEpochReceiptSigner({ domain: parameters.domain, receipt, signature })
    if (!isAddressEqual(recovered, parameters.signer)) {
      throw new Eip712Error('Epoch receipt is not signed by the enclave signer.', {
        code: 'EIP712_BAD_SIGNATURE',
        details: `receipt ${i} recovers to ${recovered}`,
      })
    }
    head = hashEpochReceipt(parameters.domain, receipt)
  }
  return head
}
