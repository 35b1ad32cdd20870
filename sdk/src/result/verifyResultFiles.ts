import { type Address, type Hex, keccak256 } from 'viem'
import { hashEpochReceipt, verifyReceiptChain } from '../eip712/epochReceipt.js'
import { dataPolicyDomain } from '../eip712/types.js'
import { RESULT_RECEIPTS_FILE_NAME } from './constants.js'
import type { AdapterFile } from './decodeAdapterContainer.js'
import { ResultError } from './ResultError.js'
import { decodeResultReceiptsFile, type ResultReceipt } from './resultReceiptsFile.js'

/** Parameters of {@link verifyResultFiles}: the decrypted files and what the chain settled for the job. */
export type VerifyResultFilesParameters = {
  chainId: number
  contract: Address
  jobId: bigint
  /** The job's enclave signer (`JobStarted.enclaveSigner`, or `getJob`). */
  enclaveSigner: Address
  /** `receiptsHead` of the JobCompleted event. */
  receiptsHead: Hex
  /** `actualEpochs` of the JobCompleted event. */
  actualEpochs: number
  /** The files of the decrypted adapter container. */
  files: readonly AdapterFile[]
}

/** A verified result: its files, the receipts it carries and what they were checked against. */
export type VerifiedResult = {
  files: AdapterFile[]
  /** The receipts of `licen_receipts.json`, epoch 1 first. */
  receipts: ResultReceipt[]
  /** keccak256 of `adapter_model.safetensors`, equal to the last receipt's `adapterHash`. */
  adapterHash: Hex
  /** Digest of the last receipt, equal to the settled `receiptsHead`. */
  receiptsHead: Hex
}

/**
 * Checks a decrypted result against the chain alone, with the receipts the result carries: they form one chain
 * for the job (each digest recomputed), every receipt recovers to the enclave signer, the chain ends at the
 * settled `receiptsHead`, there is one receipt per settled epoch, and the last receipt's `adapterHash` is keccak256
 * of `adapter_model.safetensors`. Throws `ResultError` with the code of the first check that fails, in that order.
 */
export async function verifyResultFiles(parameters: VerifyResultFilesParameters): Promise<VerifiedResult> {
  const file = parameters.files.find((f) => f.name === RESULT_RECEIPTS_FILE_NAME)
  if (!file) {
    throw new ResultError('The result holds no signed epoch receipts.', {
      code: 'RESULT_RECEIPTS_MISSING',
      details: `no ${RESULT_RECEIPTS_FILE_NAME}`,
    })
  }
  const receipts = decodeResultReceiptsFile(file.bytes)
  const domain = dataPolicyDomain({ chainId: parameters.chainId, verifyingContract: parameters.contract })
  for (const [i, { receipt, digest }] of receipts.entries()) {
    if (hashEpochReceipt(domain, receipt) !== digest) {
      throw new ResultError('The epoch receipts do not form one chain for this job.', {
        code: 'RESULT_RECEIPTS_BROKEN',
        details: `receipt ${i} carries a digest other than its EIP-712 digest`,
      })
    }
  }
  let head: Hex
  try {
    head = await verifyReceiptChain({
      domain,
      jobId: parameters.jobId,
      signer: parameters.enclaveSigner,
      receipts,
    })
  } catch (cause) {
    const { code, details } = cause as { code?: string; details?: string }
    if (code === 'EIP712_RECEIPT_CHAIN_BROKEN') {
      throw new ResultError('The epoch receipts do not form one chain for this job.', {
        code: 'RESULT_RECEIPTS_BROKEN',
        details,
        cause,
      })
    }
    // A wrong signer, or a signature that recovers to no key at all.
    throw new ResultError('An epoch receipt is not signed by the job’s enclave key.', {
      code: 'RESULT_RECEIPT_SIGNER_MISMATCH',
      details: code === 'EIP712_BAD_SIGNATURE' ? details : 'a signature does not recover',
      cause,
    })
  }
  if (head !== parameters.receiptsHead.toLowerCase()) {
    throw new ResultError('The receipts do not end at the settled receipts head.', {
      code: 'RESULT_RECEIPTS_MISMATCH',
      details: `${head} ≠ ${parameters.receiptsHead}`,
    })
  }
  if (receipts.length !== parameters.actualEpochs) {
    throw new ResultError('The result has another number of receipts than epochs settled.', {
      code: 'RESULT_EPOCHS_MISMATCH',
      details: `${receipts.length} receipts, ${parameters.actualEpochs} epochs settled`,
    })
  }
  const model = parameters.files.find((f) => f.name === 'adapter_model.safetensors')
  if (!model) {
    throw new ResultError('The result holds no adapter_model.safetensors.', {
      code: 'RESULT_ADAPTER_MISMATCH',
    })
  }
  const adapterHash = keccak256(model.bytes)
  const signed = receipts.at(-1)!.receipt.adapterHash
  if (signed !== adapterHash) {
    throw new ResultError('The adapter is not the one the enclave signed.', {
      code: 'RESULT_ADAPTER_MISMATCH',
      details: `keccak256 ${adapterHash} ≠ ${signed}`,
    })
  }
  return { files: [...parameters.files], receipts, adapterHash, receiptsHead: head }
}
