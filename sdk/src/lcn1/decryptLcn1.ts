import { bytesSource } from './bytesSource.js'
import { collectStream } from './collectStream.js'
import { type CreateLcn1DecryptStreamParameters, createLcn1DecryptStream } from './createLcn1DecryptStream.js'

export type DecryptLcn1Parameters = CreateLcn1DecryptStreamParameters

/** Decrypts a whole LCN1 stream held in memory; rejects with an `Lcn1Error` unless every byte authenticates. */
export async function decryptLcn1(
  ciphertext: Uint8Array,
  parameters: DecryptLcn1Parameters,
): Promise<Uint8Array<ArrayBuffer>> {
  const stream = createLcn1DecryptStream(parameters)
  return collectStream(bytesSource(ciphertext).pipeThrough(stream))
}
