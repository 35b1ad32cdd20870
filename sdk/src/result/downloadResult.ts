import type { Address, Hex } from 'viem'
import { deriveResultKey, type ResultKeySigner } from '../resultKey/deriveResultKey.js'
import type { StorageAdapter, StorageProgress } from '../storage/types.js'
import { ResultError } from './ResultError.js'
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

/** Parameters of {@link downloadJobResult}: the settled job, and the wallet that requested it in place of a key. */
export type DownloadJobResultParameters = Omit<
  DownloadResultParameters,
  'resultRoot' | 'receiptsHead' | 'actualEpochs' | 'resultPrivateKey'
> & {
  /** The job's `JobCompleted` event values. */
  completed: { resultRoot: Hex; receiptsHead: Hex; actualEpochs: number }
  /** The result public key the job was requested with (`JobGranted.resultPubKey`). */
  resultPubKey: Hex
  /** The requester's wallet; it signs the result-key message to re-derive the result key. */
  signer: ResultKeySigner
}

/**
 * {@link downloadResult} for the wallet that requested the job: re-derives its result key, refuses with
 * `RESULT_NOT_REQUESTER` (before anything is downloaded) when it is not the key the job was requested with, and
 * zeroes the private key once done, whatever the outcome.
 */
export async function downloadJobResult(
  parameters: DownloadJobResultParameters,
): Promise<DownloadResultReturnType> {
  const { completed, resultPubKey, signer, ...rest } = parameters
  const resultKey = await deriveResultKey(signer)
  try {
    if (resultKey.publicKey.toLowerCase() !== resultPubKey.toLowerCase())
      throw new ResultError("This account's result key is not the one the job was requested with.", {
        code: 'RESULT_NOT_REQUESTER',
        details: `account ${signer.address}`,
      })
    return await downloadResult({
      ...rest,
      resultRoot: completed.resultRoot,
      receiptsHead: completed.receiptsHead,
      actualEpochs: completed.actualEpochs,
      resultPrivateKey: resultKey.privateKey,
    })
  } finally {
    resultKey.privateKey.fill(0)
  }
}
