import { LCN1_HEADER_SIZE, LCN1_MAX_CHUNKS, LCN1_TAG_SIZE } from './constants.js'
import { Lcn1Error } from './Lcn1Error.js'

/** Number of chunks an LCN1 stream has for `plaintextSize` bytes (an empty plaintext still has one chunk). */
export function lcn1ChunkCount(plaintextSize: number, chunkSize: number): number {
  assertSize(plaintextSize, 'plaintextSize')
  return Math.max(1, Math.ceil(plaintextSize / chunkSize))
}

/** Exact LCN1 stream length (header, chunks and tags) for `plaintextSize` bytes of plaintext. */
export function lcn1CiphertextSize(plaintextSize: number, chunkSize: number): number {
  const chunks = lcn1ChunkCount(plaintextSize, chunkSize)
  if (chunks > LCN1_MAX_CHUNKS) {
    throw new Lcn1Error('Plaintext needs more than 2^32 chunks.', { code: 'LCN1_TOO_LARGE' })
  }
  return LCN1_HEADER_SIZE + plaintextSize + chunks * LCN1_TAG_SIZE
}

/** Plaintext length of a well-formed LCN1 stream of `ciphertextSize` bytes, or undefined if no stream has that length. */
export function lcn1PlaintextSize(ciphertextSize: number, chunkSize: number): number | undefined {
  assertSize(ciphertextSize, 'ciphertextSize')
  const body = ciphertextSize - LCN1_HEADER_SIZE
  if (body < LCN1_TAG_SIZE) return undefined
  const sealedChunk = chunkSize + LCN1_TAG_SIZE
  const chunks = Math.ceil(body / sealedChunk)
  const last = body - (chunks - 1) * sealedChunk
  if (last < LCN1_TAG_SIZE || chunks > LCN1_MAX_CHUNKS) return undefined
  // A final chunk that is empty only exists in a stream with one chunk.
  if (last === LCN1_TAG_SIZE && chunks > 1) return undefined
  return body - chunks * LCN1_TAG_SIZE
}

function assertSize(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Lcn1Error(`${name} must be a non-negative safe integer.`, {
      code: 'LCN1_INVALID_ARGUMENT',
      details: `got ${value}`,
    })
  }
}
