import { decryptLcn1Chunk } from './chunk.js'
import { LCN1_TAG_SIZE } from './constants.js'
import { Lcn1Error } from './Lcn1Error.js'

/** How far before and after its position a failed chunk is tried under other indexes. */
export const LCN1_DIAGNOSIS_WINDOW = 16

/** What the decryptor knows when a chunk fails to authenticate at its position. */
export type ChunkFailure = {
  key: CryptoKey
  header: Uint8Array<ArrayBuffer>
  noncePrefix: Uint8Array
  /** Position of the chunk in the stream (the index it should carry). */
  position: number
  /** Whether the decryptor took it for the final chunk. */
  last: boolean
  sealed: Uint8Array<ArrayBuffer>
  /** Index of an earlier chunk with the same tag, if any was seen. */
  earlierIndexWithSameTag: number | undefined
}

/**
 * Finds out why a chunk failed: tries the other final flag, an earlier index with the same tag and nearby
 * indexes. Returns the error to raise, or 'undecided' for a first chunk nothing explains (key or chunk 0?).
 */
export async function diagnoseChunkFailure(failure: ChunkFailure): Promise<Lcn1Error | 'undecided'> {
  const { position, last } = failure
  const opens = (index: number, asLast: boolean) =>
    decryptLcn1Chunk({ ...failure, index, last: asLast }).then((plaintext) => {
      plaintext?.fill(0)
      return plaintext !== undefined
    })

  if (await opens(position, !last)) {
    return last
      ? new Lcn1Error('LCN1 stream is truncated: it ends before its final chunk.', {
          code: 'LCN1_TRUNCATED',
          chunkIndex: position,
          details: `chunk ${position} is not the final chunk, but nothing follows it`,
        })
      : new Lcn1Error('LCN1 stream has bytes after its final chunk.', {
          code: 'LCN1_TRAILING_DATA',
          chunkIndex: position,
          details: `chunk ${position} is the final chunk, but more bytes follow it`,
        })
  }
  const earlier = failure.earlierIndexWithSameTag
  if (earlier !== undefined && earlier < position && (await opens(earlier, false))) {
    return duplicated(position, earlier)
  }
  for (let offset = 1; offset <= LCN1_DIAGNOSIS_WINDOW; offset++) {
    for (const asLast of [false, true]) {
      if (await opens(position + offset, asLast)) {
        return new Lcn1Error('LCN1 chunks are out of order or missing.', {
          code: 'LCN1_CHUNK_OUT_OF_ORDER',
          chunkIndex: position,
          details: `chunk ${position + offset} found at position ${position}`,
        })
      }
      const before = position - offset
      if (!asLast && before >= 0 && (await opens(before, false))) return duplicated(position, before)
    }
  }
  if (position === 0) return 'undecided'
  return new Lcn1Error('LCN1 chunk failed authentication: it was modified.', {
    code: 'LCN1_CHUNK_AUTH_FAILED',
    chunkIndex: position,
    details: last
      ? `final chunk ${position} does not authenticate (modified, cut short or extended; pass plaintextSize to tell which)`
      : `chunk ${position} does not authenticate`,
  })
}

/** Hex of a sealed chunk's GCM tag, used to spot a chunk seen before. */
export function chunkTagKey(sealed: Uint8Array): string {
  let out = ''
  for (let i = sealed.length - LCN1_TAG_SIZE; i < sealed.length; i++) {
    out += sealed[i]!.toString(16).padStart(2, '0')
  }
  return out
}

function duplicated(position: number, earlier: number): Lcn1Error {
  return new Lcn1Error('LCN1 chunk appears twice.', {
    code: 'LCN1_CHUNK_DUPLICATED',
    chunkIndex: position,
    details: `chunk ${earlier} appears again at position ${position}`,
  })
}
