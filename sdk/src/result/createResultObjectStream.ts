import { type ResultKeyContext, sealResultKey } from '../envelope/resultKey.js'
import type { EnvelopePublicKey } from '../envelope/sealEnvelope.js'
import { createLcn1EncryptStream } from '../lcn1/createLcn1EncryptStream.js'
import { importLcn1Key } from '../lcn1/importLcn1Key.js'
import type { Lcn1Progress } from '../lcn1/progress.js'
import { encodeResultObjectPrefix } from './resultObjectPrefix.js'

export type CreateResultObjectStreamParameters = ResultKeyContext & {
  /** The researcher's 33-byte compressed result public key (from `AccessGranted`). */
  resultPublicKey: EnvelopePublicKey
  /** The plaintext to encrypt (an adapter container). */
  plaintext: ReadableStream<Uint8Array>
  /** log2 of the LCN1 chunk size; default 20 (1 MiB). */
  chunkSizeLog2?: number | undefined
  onProgress?: ((progress: Lcn1Progress) => void) | undefined
  signal?: AbortSignal | undefined
}

/**
 * Encrypts a result for its researcher as an LCNR object: a fresh random result key encrypts the plaintext as an
 * LCN1 stream, and is sealed to `resultPublicKey` bound to the job (`licen/result-key/v1`). The raw key is zeroed
 * as soon as it is sealed and imported.
 */
export async function createResultObjectStream(
  parameters: CreateResultObjectStreamParameters,
): Promise<ReadableStream<Uint8Array>> {
  const key = globalThis.crypto.getRandomValues(new Uint8Array(32))
  let prefix: Uint8Array
  let cryptoKey: CryptoKey
  try {
    prefix = encodeResultObjectPrefix(
      sealResultKey({
        chainId: parameters.chainId,
        contract: parameters.contract,
        jobId: parameters.jobId,
        resultPublicKey: parameters.resultPublicKey,
        key,
      }),
    )
    cryptoKey = await importLcn1Key(key)
  } finally {
    key.fill(0)
  }
  const encrypted = parameters.plaintext.pipeThrough(
    createLcn1EncryptStream({
      key: cryptoKey,
      chunkSizeLog2: parameters.chunkSizeLog2,
      onProgress: parameters.onProgress,
      signal: parameters.signal,
    }),
  )
  const reader = encrypted.getReader()
  let sentPrefix = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sentPrefix) {
        sentPrefix = true
        controller.enqueue(prefix)
        return
      }
      const { done, value } = await reader.read()
      if (done) controller.close()
      else controller.enqueue(value)
    },
    cancel(reason) {
      return reader.cancel(reason)
    },
  })
}
