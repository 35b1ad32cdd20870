import {
  type CreateLcn1EncryptStreamParameters,
  createLcn1EncryptStream,
} from '../lcn1/createLcn1EncryptStream.js'
import type { ZgRootDigest } from '../zgRoot/createZgRootHasher.js'
import { createRootTap } from './createRootTap.js'

/** Parameters of {@link createEncryptRootStream}: LCN1 settings plus the root's worker count. */
export type CreateEncryptRootStreamParameters = CreateLcn1EncryptStreamParameters & {
  /** Workers hashing ciphertext segments in parallel (default `auto`: one per core). */
  workers?: number | 'auto'
}

/** Plaintext in, LCN1 ciphertext out, and the ciphertext's 0G root (the dataset root) from the same pass. */
export type EncryptRootStream = {
  readonly writable: WritableStream<Uint8Array>
  readonly readable: ReadableStream<Uint8Array>
  /** The LCN1 header (first 16 ciphertext bytes). */
  readonly header: Uint8Array
  /** Root and size of the ciphertext; resolves when the readable side has been fully read. */
  readonly result: Promise<ZgRootDigest>
}

/**
 * Creates the single-pass publish pipeline: LCN1 encryption (WebCrypto, off the main thread) feeding a 0G root tap
 * (WASM keccak in workers). The ciphertext is produced once and its root is known when the last byte is read.
 */
export function createEncryptRootStream(parameters: CreateEncryptRootStreamParameters): EncryptRootStream {
  const { workers = 'auto', ...lcn1 } = parameters
  const encrypt = createLcn1EncryptStream(lcn1)
  const tap = createRootTap({ workers, signal: lcn1.signal })
  return {
    writable: encrypt.writable,
    readable: encrypt.readable.pipeThrough(tap.stream),
    header: encrypt.header,
    result: tap.result,
  }
}
