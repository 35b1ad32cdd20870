import { Lcn1Error } from './Lcn1Error.js'

/** A 32-byte AES-256 key, or a WebCrypto AES-GCM key already imported. */
export type Lcn1Key = Uint8Array | CryptoKey

/** Imports a raw 32-byte key as a non-extractable WebCrypto AES-GCM key (a CryptoKey is returned as is). */
export async function importLcn1Key(key: Lcn1Key): Promise<CryptoKey> {
  if (!(key instanceof Uint8Array)) {
    assertLcn1Key(key)
    return key
  }
  assertLcn1Key(key)
  // Copy so the caller's buffer may be zeroed right after this call without racing the import.
  const raw = new Uint8Array(key)
  try {
    return await globalThis.crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, [
      'encrypt',
      'decrypt',
    ])
  } finally {
    raw.fill(0)
  }
}

/** Throws `LCN1_INVALID_ARGUMENT` unless `key` is 32 bytes or an AES-GCM CryptoKey of 256 bits. */
export function assertLcn1Key(key: Lcn1Key): void {
  if (key instanceof Uint8Array) {
    if (key.length !== 32) {
      throw new Lcn1Error('Key must be 32 bytes (AES-256).', {
        code: 'LCN1_INVALID_ARGUMENT',
        details: `got ${key.length} bytes`,
      })
    }
    return
  }
  const algorithm = key?.algorithm as AesKeyAlgorithm | undefined
  if (algorithm?.name !== 'AES-GCM' || algorithm.length !== 256) {
    throw new Lcn1Error('Key must be a 256-bit AES-GCM CryptoKey.', { code: 'LCN1_INVALID_ARGUMENT' })
  }
}
