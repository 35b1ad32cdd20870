import { encrypt } from 'eciesjs'
import { type ByteArray, type Hex, hexToBytes, isHex } from 'viem'
import { EnvelopeError } from './EnvelopeError.js'
import { type EnvelopeContext, encodePayload } from './payload.js'

/** A secp256k1 public key (33-byte compressed or 65-byte uncompressed), as bytes or 0x-hex. */
export type EnvelopePublicKey = ByteArray | Hex

/** Seals a 32-byte key with its domain and context to `publicKey` (ECIES secp256k1, HKDF-SHA256, AES-256-GCM). */
export function sealEnvelope(parameters: {
  publicKey: EnvelopePublicKey
  domain: string
  context: EnvelopeContext
  key: Uint8Array
}): Uint8Array {
  if (!(parameters.key instanceof Uint8Array) || parameters.key.length !== 32) {
    throw new EnvelopeError('Key to seal must be 32 bytes.', { code: 'ENVELOPE_INVALID_ARGUMENT' })
  }
  const publicKey = toPublicKeyBytes(parameters.publicKey)
  const payload = encodePayload(parameters.domain, parameters.context, parameters.key)
  try {
    return encrypt(publicKey, payload)
  } catch (cause) {
    throw new EnvelopeError('Public key is not a valid secp256k1 point.', {
      code: 'ENVELOPE_INVALID_ARGUMENT',
      cause,
    })
  } finally {
    payload.fill(0)
  }
}

function toPublicKeyBytes(publicKey: EnvelopePublicKey): Uint8Array {
  const bytes =
    typeof publicKey === 'string' ? (isHex(publicKey) ? hexToBytes(publicKey) : undefined) : publicKey
  if (
    !bytes ||
    !((bytes.length === 33 && (bytes[0] === 2 || bytes[0] === 3)) || (bytes.length === 65 && bytes[0] === 4))
  ) {
    throw new EnvelopeError('Public key must be a 33- or 65-byte secp256k1 key.', {
      code: 'ENVELOPE_INVALID_ARGUMENT',
    })
  }
  return bytes
}
