import { type Address, type Hex, keccak256 } from 'viem'
import { type SignedEpochReceipt, verifyReceiptChain } from '../eip712/epochReceipt.js'
import { dataPolicyDomain } from '../eip712/types.js'
import type { StorageAdapter, StorageProgress } from '../storage/types.js'
import type { AdapterFile } from './decodeAdapterContainer.js'
import { ResultError } from './ResultError.js'
import { readResultObject } from './readResultObject.js'

/** Parameters of {@link downloadResult}: the settled job (from its `JobCompleted` event and `getJob`). */
export type DownloadResultParameters = {
  storage: StorageAdapter
  chainId: number
  contract: Address
  jobId: bigint
  /** `resultRoot` of the JobCompleted event. */
  resultRoot: Hex
  /** `receiptsHead` of the JobCompleted event. */
  receiptsHead: Hex
  /** The job's enclave signer on chain. */
  enclaveSigner: Address
  /** The signed epoch receipts (the provider's `GET /v1/jobs/:jobId`). */
  receipts: readonly SignedEpochReceipt[]
  /** The researcher's result private key (re-derived from the wallet); not zeroed here. */
  resultPrivateKey: Uint8Array
  /** Largest sum of adapter file sizes accepted (default 512 MiB). */
  maxTotalSize?: number | undefined
  onProgress?: ((progress: StorageProgress) => void) | undefined
  signal?: AbortSignal | undefined
}

/** The verified adapter: its files and what they were checked against. */
export type DownloadResultReturnType = {
  files: AdapterFile[]
  /** keccak256 of `adapter_model.safetensors`, equal to the last receipt's `adapterHash`. */
  adapterHash: Hex
  receiptsHead: Hex
}

/**
 * Downloads a job's result object (verified against its root), decrypts it with the result key, and checks it
 * against what the enclave signed and the chain settled: the receipts chain under the enclave signer to the
 * settled `receiptsHead`, and the adapter weights hash to the last receipt's `adapterHash`. Throws `ResultError`
 * (`RESULT_RECEIPTS_MISMATCH`, `RESULT_ADAPTER_MISMATCH`, or a format code) when anything differs.
 */
export async function downloadResult(
  parameters: DownloadResultParameters,
): Promise<DownloadResultReturnType> {
  const domain = dataPolicyDomain({ chainId: parameters.chainId, verifyingContract: parameters.contract })
  let head: Hex
  try {
    head = await verifyReceiptChain({
      domain,
      jobId: parameters.jobId,
      signer: parameters.enclaveSigner,
      receipts: parameters.receipts,
    })
  } catch (cause) {
    throw new ResultError('RESULT_RECEIPTS_MISMATCH', 'The epoch receipts do not verify.', {
      details: (cause as { shortMessage?: string }).shortMessage,
      cause,
    })
  }
  if (head.toLowerCase() !== parameters.receiptsHead.toLowerCase()) {
    throw new ResultError(
      'RESULT_RECEIPTS_MISMATCH',
      'The receipts do not end at the settled receipts head.',
      {
        details: `${head} ≠ ${parameters.receiptsHead}`,
      },
    )
  }
  const source = await parameters.storage.download(parameters.resultRoot, {
    signal: parameters.signal,
    onProgress: parameters.onProgress,
  })
  const files = await readResultObject({
    chainId: parameters.chainId,
    contract: parameters.contract,
    jobId: parameters.jobId,
    source,
    resultPrivateKey: parameters.resultPrivateKey,
    signal: parameters.signal,
    maxTotalSize: parameters.maxTotalSize,
  })
  const model = files.find((file) => file.name === 'adapter_model.safetensors')
  if (!model) {
    throw new ResultError('RESULT_ADAPTER_MISMATCH', 'The result holds no adapter_model.safetensors.')
  }
  const adapterHash = keccak256(model.bytes)
  const signed = parameters.receipts.at(-1)?.receipt.adapterHash
  if (!signed || signed.toLowerCase() !== adapterHash) {
    throw new ResultError('RESULT_ADAPTER_MISMATCH', 'The adapter is not the one the enclave signed.', {
      details: `keccak256 ${adapterHash} ≠ ${signed ?? 'no receipt'}`,
    })
  }
  return { files, adapterHash, receiptsHead: head }
}
