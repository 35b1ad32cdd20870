import type { Address, Hex } from 'viem'
import type { StorageAdapter, StorageProgress } from '../storage/types.js'
import { readResultObject } from './readResultObject.js'
import { type VerifiedResult, verifyResultFiles } from './verifyResultFiles.js'

/** Parameters of {@link downloadResult}: the settled job (its `JobCompleted` event and enclave signer). */
export type DownloadResultParameters = {
  storage: StorageAdapter
  chainId: number
  contract: Address
  jobId: bigint
  /** `resultRoot` of the JobCompleted event. */
  resultRoot: Hex
  /** `receiptsHead` of the JobCompleted event. */
  receiptsHead: Hex
  /** `actualEpochs` of the JobCompleted event. */
  actualEpochs: number
  /** The job's enclave signer (`JobStarted.enclaveSigner`, or `getJob`). */
  enclaveSigner: Address
  /** The researcher's result private key (re-derived from the wallet); not zeroed here. */
  resultPrivateKey: Uint8Array
  /** Largest sum of container file sizes accepted (default 512 MiB). */
  maxTotalSize?: number | undefined
  onProgress?: ((progress: StorageProgress) => void) | undefined
  signal?: AbortSignal | undefined
}

/** The verified result: its files (adapter and receipts) and what they were checked against. */
export type DownloadResultReturnType = VerifiedResult

/**
 * Downloads a job's result object (verified against its root), decrypts it with the result key, and checks it
 * against the chain alone with the signed epoch receipts it carries (see {@link verifyResultFiles}); the provider
 * node is not needed. Throws `ResultError` (a `RESULT_*` verification code or a format code) when anything differs.
 */
export async function downloadResult(
  parameters: DownloadResultParameters,
): Promise<DownloadResultReturnType> {
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
  return verifyResultFiles({
    chainId: parameters.chainId,
    contract: parameters.contract,
    jobId: parameters.jobId,
    enclaveSigner: parameters.enclaveSigner,
    receiptsHead: parameters.receiptsHead,
    actualEpochs: parameters.actualEpochs,
    files,
  })
}
