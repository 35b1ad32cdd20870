import {
  LCN1_DEFAULT_CHUNK_SIZE_LOG2,
  LCN1_HEADER_SIZE,
  LCN1_MAGIC,
  LCN1_MAX_CHUNK_SIZE_LOG2,
  LCN1_MIN_CHUNK_SIZE_LOG2,
  LCN1_NONCE_PREFIX_SIZE,
  LCN1_VERSION,
} from './constants.js'
import { Lcn1Error } from './Lcn1Error.js'

/** The fields of an LCN1 header. */
export type Lcn1Header = {
  version: number
  /** log2 of the plaintext chunk size. */
  chunkSizeLog2: number
  /** Plaintext bytes per chunk (the final chunk may be shorter). */
  chunkSize: number
  /** 7 random bytes that start every chunk nonce. */
  noncePrefix: Uint8Array<ArrayBuffer>
}

export type EncodeLcn1HeaderParameters = {
  /** log2 of the plaintext chunk size, 10..24; defaults to 20 (1 MiB). */
  chunkSizeLog2?: number | undefined
  /** 7 bytes; random when omitted. */
  noncePrefix?: Uint8Array | undefined
}

/** Builds the 16-byte LCN1 header: "LCN1" ‖ version ‖ log2(chunkSize) ‖ reserved u16 ‖ noncePrefix(7) ‖ 0x00. */
export function encodeLcn1Header(parameters: EncodeLcn1HeaderParameters = {}): Uint8Array<ArrayBuffer> {
  const chunkSizeLog2 = parameters.chunkSizeLog2 ?? LCN1_DEFAULT_CHUNK_SIZE_LOG2
  if (
    !Number.isInteger(chunkSizeLog2) ||
    chunkSizeLog2 < LCN1_MIN_CHUNK_SIZE_LOG2 ||
    chunkSizeLog2 > LCN1_MAX_CHUNK_SIZE_LOG2
  ) {
    throw new Lcn1Error('Chunk size is out of range.', {
      code: 'LCN1_INVALID_ARGUMENT',
      details: `chunkSizeLog2 must be an integer in ${LCN1_MIN_CHUNK_SIZE_LOG2}..${LCN1_MAX_CHUNK_SIZE_LOG2}, got ${chunkSizeLog2}`,
    })
  }
  const noncePrefix =
    parameters.noncePrefix ?? globalThis.crypto.getRandomValues(new Uint8Array(LCN1_NONCE_PREFIX_SIZE))
  if (noncePrefix.length !== LCN1_NONCE_PREFIX_SIZE) {
    throw new Lcn1Error('Nonce prefix must be 7 bytes.', {
      code: 'LCN1_INVALID_ARGUMENT',
      details: `got ${noncePrefix.length} bytes`,
    })
  }
  const header = new Uint8Array(LCN1_HEADER_SIZE)
  header.set(LCN1_MAGIC, 0)
  header[4] = LCN1_VERSION
  header[5] = chunkSizeLog2
  // bytes 6..7: reserved u16, zero
  header.set(noncePrefix, 8)
  // byte 15: zero
  return header
}

/** Parses and validates a 16-byte LCN1 header; throws `LCN1_HEADER_INVALID` or `LCN1_UNSUPPORTED_VERSION`. */
export function parseLcn1Header(bytes: Uint8Array): Lcn1Header {
  if (bytes.length !== LCN1_HEADER_SIZE) {
    throw new Lcn1Error('LCN1 header must be 16 bytes.', {
      code: 'LCN1_HEADER_INVALID',
      details: `got ${bytes.length} bytes`,
    })
  }
  for (let i = 0; i < LCN1_MAGIC.length; i++) {
    if (bytes[i] !== LCN1_MAGIC[i]) {
      throw new Lcn1Error('Not an LCN1 stream (bad magic).', { code: 'LCN1_HEADER_INVALID' })
    }
  }
  const version = bytes[4]!
  if (version !== LCN1_VERSION) {
    throw new Lcn1Error('Unsupported LCN1 version.', {
      code: 'LCN1_UNSUPPORTED_VERSION',
      details: `version ${version}, this code reads version ${LCN1_VERSION}`,
    })
  }
  const chunkSizeLog2 = bytes[5]!
  if (chunkSizeLog2 < LCN1_MIN_CHUNK_SIZE_LOG2 || chunkSizeLog2 > LCN1_MAX_CHUNK_SIZE_LOG2) {
    throw new Lcn1Error('LCN1 chunk size is out of range.', {
      code: 'LCN1_HEADER_INVALID',
      details: `log2(chunkSize) = ${chunkSizeLog2}, allowed ${LCN1_MIN_CHUNK_SIZE_LOG2}..${LCN1_MAX_CHUNK_SIZE_LOG2}`,
    })
  }
  if (bytes[6] !== 0 || bytes[7] !== 0 || bytes[15] !== 0) {
    throw new Lcn1Error('LCN1 reserved header bytes must be zero.', { code: 'LCN1_HEADER_INVALID' })
  }
  return {
    version,
    chunkSizeLog2,
    chunkSize: 2 ** chunkSizeLog2,
    noncePrefix: bytes.slice(8, 8 + 7),
  }
}
