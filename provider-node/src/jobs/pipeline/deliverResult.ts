import {
  adapterFileFromBytes,
  createAdapterContainerStream,
  createResultObjectStream,
  encodeResultReceiptsFile,
  RESULT_RECEIPTS_FILE_NAME,
  type StorageAdapter,
} from '@licen/sdk'
import type { Address, Hex } from 'viem'
import { hashAdapter } from '../../trainer/epochResult.js'
import type { AdapterFiles } from '../../trainer/Trainer.js'
import { JobError } from '../JobError.js'
import type { SignedReceipt } from '../JobRecord.js'

export type DeliverResultParameters = {
  storage: StorageAdapter
  adapter: AdapterFiles
  /**
   * The job's signed epoch receipts, final (every epoch finished and signed): they travel inside the result so the
   * researcher verifies it without this node, and the adapter delivered must be the one the last one hashed.
   */
  receipts: readonly SignedReceipt[]
  chainId: number
  contract: Address
  jobId: bigint
  /** The researcher's 33-byte compressed result public key. */
  resultPubKey: Hex
  signal?: AbortSignal | undefined
}

/**
 * Packs the adapter and the signed receipts (LCNA: `adapter_config.json`, `adapter_model.safetensors`,
 * `licen_receipts.json`), encrypts them to the researcher (LCNR: fresh result key sealed to `resultPubKey`) and
 * uploads the object; returns its 0G root and size.
 */
export async function deliverResult(
  parameters: DeliverResultParameters,
): Promise<{ resultRoot: Hex; size: number }> {
  const { adapter } = parameters
  const last = parameters.receipts.at(-1)
  if (!last || (await hashAdapter(adapter.safetensors)) !== last.receipt.adapterHash.toLowerCase()) {
    throw new JobError('The adapter differs from the one the last receipt hashed.', {
      code: 'ADAPTER_HASH_MISMATCH',
    })
  }
  const plaintext = createAdapterContainerStream([
    adapterFileFromBytes('adapter_config.json', adapter.config),
    adapterFileFromBytes('adapter_model.safetensors', adapter.safetensors),
    adapterFileFromBytes(RESULT_RECEIPTS_FILE_NAME, encodeResultReceiptsFile(parameters.receipts)),
  ])
  const object = await createResultObjectStream({
    chainId: parameters.chainId,
    contract: parameters.contract,
    jobId: parameters.jobId,
    resultPublicKey: parameters.resultPubKey,
    plaintext,
    signal: parameters.signal,
  })
  try {
    const { root, size } = await parameters.storage.upload(object, { signal: parameters.signal })
    return { resultRoot: root, size }
  } catch (error) {
    const code = (error as { code?: unknown } | undefined)?.code
    if (typeof code === 'string' && code.startsWith('STORAGE_')) {
      throw new JobError('The encrypted result could not be uploaded.', {
        code: 'RESULT_UPLOAD_FAILED',
        cause: error,
      })
    }
    throw error
  }
}
