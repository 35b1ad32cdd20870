import { lcn1Nonce } from './nonce.js'

/** Encrypts one LCN1 chunk: AES-256-GCM under the chunk nonce with the header as AAD; returns ciphertext ‖ tag. */
export async function encryptLcn1Chunk(parameters: {
  key: CryptoKey
  header: Uint8Array<ArrayBuffer>
  noncePrefix: Uint8Array
  index: number
  last: boolean
  plaintext: Uint8Array<ArrayBuffer>
}): Promise<Uint8Array<ArrayBuffer>> {
  const iv = lcn1Nonce(parameters.noncePrefix, parameters.index, parameters.last)
  const sealed = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: parameters.header, tagLength: 128 },
    parameters.key,
    parameters.plaintext,
  )
  return new Uint8Array(sealed)
}

/** Decrypts one LCN1 chunk; resolves undefined when authentication fails (wrong key, index, flag or bytes). */
export async function decryptLcn1Chunk(parameters: {
  key: CryptoKey
  header: Uint8Array<ArrayBuffer>
  noncePrefix: Uint8Array
  index: number
  last: boolean
  sealed: Uint8Array<ArrayBuffer>
}): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const iv = lcn1Nonce(parameters.noncePrefix, parameters.index, parameters.last)
  try {
    const plaintext = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData: parameters.header, tagLength: 128 },
      parameters.key,
      parameters.sealed,
    )
    return new Uint8Array(plaintext)
  } catch (error) {
    // WebCrypto reports a failed tag check as OperationError; anything else is a real fault.
    if ((error as { name?: unknown })?.name === 'OperationError') return undefined
    throw error
  }
}
