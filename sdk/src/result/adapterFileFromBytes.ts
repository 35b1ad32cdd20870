import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex } from '@noble/hashes/utils'
import type { AdapterFileSource } from './createAdapterContainerStream.js'

/** Wraps in-memory bytes as an adapter file source, hashing them once. */
export function adapterFileFromBytes(name: string, bytes: Uint8Array): AdapterFileSource {
  return { name, size: bytes.length, sha256: bytesToHex(sha256(bytes)), open: () => [bytes] }
}
