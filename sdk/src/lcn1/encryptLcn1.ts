import { bytesSource } from './bytesSource.js'
import { collectStream } from './collectStream.js'
import { type CreateLcn1EncryptStreamParameters, createLcn1EncryptStream } from './createLcn1EncryptStream.js'

export type EncryptLcn1Parameters = Omit<CreateLcn1EncryptStreamParameters, 'totalBytes'>

/** Encrypts a whole byte array into one LCN1 stream held in memory (for small data; stream large data). */
export async function encryptLcn1(
  plaintext: Uint8Array,
  parameters: EncryptLcn1Parameters,
): Promise<Uint8Array<ArrayBuffer>> {
  const stream = createLcn1EncryptStream({ ...parameters, totalBytes: plaintext.length })
  return collectStream(bytesSource(plaintext).pipeThrough(stream))
}
