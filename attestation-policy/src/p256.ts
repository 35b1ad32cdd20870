import { p256 } from '@noble/curves/nist'
import { sha256 } from '@noble/hashes/sha2'

/**
 * Verifies an ECDSA P-256/SHA-256 signature, raw r ‖ s (`compact`, as DCAP documents carry it) or DER (as X.509
 * structures do). High-S signatures are valid ECDSA and Intel's PKI produces them, so they are accepted.
 */
export function verifyP256(
  signature: Uint8Array,
  message: Uint8Array,
  publicKey: Uint8Array,
  format: 'compact' | 'der',
): boolean {
  try {
    return p256.verify(signature, sha256(message), publicKey, { lowS: false, prehash: false, format })
  } catch {
    return false
  }
}
