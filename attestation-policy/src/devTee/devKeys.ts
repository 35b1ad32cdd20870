import { secp256k1 } from '@noble/curves/secp256k1'
import { hkdf } from '@noble/hashes/hkdf'
import { sha256 } from '@noble/hashes/sha2'
import { keccak_256 } from '@noble/hashes/sha3'
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils'

/** A secp256k1 key derived for a role; every input is public, so dev keys protect nothing. */
function deriveK256(secret: Uint8Array, salt: Uint8Array, info: string): Uint8Array {
  for (let counter = 0; ; counter++) {
    const candidate = hkdf(sha256, secret, salt, utf8ToBytes(`${info}/${counter}`), 32)
    if (secp256k1.utils.isValidSecretKey(candidate)) return candidate
  }
}

/** Signs keccak256(message) with secp256k1 and returns r ‖ s ‖ recovery id (65 bytes), as dstack does. */
export function signRecoverable(privateKey: Uint8Array, message: Uint8Array): Uint8Array {
  const signature = secp256k1.sign(keccak_256(message), privateKey, { prehash: false })
  return concatBytes(signature.toCompactRawBytes(), Uint8Array.of(signature.recovery))
}

/** The development key provider: a KMS-like root that issues app keys, as dstack's KMS does. */
export type DevKeyProvider = {
  /** Compressed KMS root public key, hex: the key-provider id recorded in RTMR3. */
  rootPublicKey: string
  getKey: (path: string, purpose: string) => { key: string; signature_chain: string[] }
}

/**
 * Creates the dev key provider for one app: KMS root from the PKI seed, app key from root and app id, and per-path
 * keys from the app key. Signature chain like dstack's GetKey: [app key over keccak("purpose:derivedPubHex"),
 * KMS root over keccak("dstack-kms-issued:" ‖ appId ‖ appPub)]. The derivation is LICEN's, not dstack's KDF.
 */
export function createDevKeyProvider(seed: Uint8Array, appId: Uint8Array): DevKeyProvider {
  const root = deriveK256(seed, utf8ToBytes('licen/dev-tee/kms-root'), 'root')
  const appKey = deriveK256(root, appId, 'licen/dev-tee/app-key')
  const appPublicKey = secp256k1.getPublicKey(appKey, true)
  const kmsSignature = signRecoverable(
    root,
    concatBytes(utf8ToBytes('dstack-kms-issued:'), appId, appPublicKey),
  )
  return {
    rootPublicKey: bytesToHex(secp256k1.getPublicKey(root, true)),
    getKey(path, purpose) {
      const key = deriveK256(appKey, utf8ToBytes(path), 'licen/dev-tee/get-key')
      const derivedPublicKey = bytesToHex(secp256k1.getPublicKey(key, true))
      const appSignature = signRecoverable(appKey, utf8ToBytes(`${purpose}:${derivedPublicKey}`))
      return { key: bytesToHex(key), signature_chain: [bytesToHex(appSignature), bytesToHex(kmsSignature)] }
    },
  }
}
