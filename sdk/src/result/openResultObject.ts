import type { ByteArray, Hex } from 'viem'
import { openResultKey, type ResultKeyContext } from '../envelope/resultKey.js'
import { createLcn1DecryptStream } from '../lcn1/createLcn1DecryptStream.js'
import { importLcn1Key } from '../lcn1/importLcn1Key.js'
import { ByteReader, type ByteSource } from './ByteReader.js'
import { RESULT_OBJECT_PREFIX_SIZE } from './constants.js'
import { ResultError } from './ResultError.js'
import { parseResultObjectPrefix } from './resultObjectPrefix.js'

export type OpenResultObjectParameters = ResultKeyContext & {
  /** The LCNR object bytes as downloaded. */
  source: ByteSource
  /** The researcher's result private key (re-derived from the wallet). */
  resultPrivateKey: ByteArray | Hex
  signal?: AbortSignal | undefined
}

/**
 * Opens an LCNR result object: checks its prefix, opens the result-key envelope (domain and job context checked)
 * and returns the authenticated plaintext as a stream. Envelope failures throw `EnvelopeError`; ciphertext
 * failures error the returned stream with `Lcn1Error`.
 */
export async function openResultObject(
  parameters: OpenResultObjectParameters,
): Promise<ReadableStream<Uint8Array>> {
  const reader = new ByteReader(parameters.source)
  try {
    const envelopeLength = parseResultObjectPrefix(await reader.read(RESULT_OBJECT_PREFIX_SIZE))
    const envelope = await reader.read(envelopeLength)
    if (envelope.length !== envelopeLength) {
      throw new ResultError('Result object ends inside its key envelope.', {
        code: 'RESULT_OBJECT_TRUNCATED',
      })
    }
    const key = openResultKey({
      chainId: parameters.chainId,
      contract: parameters.contract,
      jobId: parameters.jobId,
      resultPrivateKey: parameters.resultPrivateKey,
      envelope,
    })
    let cryptoKey: CryptoKey
    try {
      cryptoKey = await importLcn1Key(key)
    } finally {
      key.fill(0)
    }
    return reader.rest().pipeThrough(createLcn1DecryptStream({ key: cryptoKey, signal: parameters.signal }))
  } catch (error) {
    await reader.cancel().catch(() => {})
    throw error
  }
}
