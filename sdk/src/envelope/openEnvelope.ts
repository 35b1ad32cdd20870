import { decrypt } from 'eciesjs'
import { type ByteArray, type Hex, hexToBytes, isHex } from 'viem'
import { ENVELOPE_MAX_SIZE, ENVELOPE_OVERHEAD } from './constants.js'
import { EnvelopeError } from './EnvelopeError.js'
import { decodePayload, type EnvelopeContext } from './payload.js'

/** Opens an envelope with the receiver's 32-byte secp256k1 private key and checks its domain and context. */
export function openEnvelope(parameters: {
  privateKey: ByteArray | Hex
  envelope: ByteArray | Hex
  domain: string
  context: EnvelopeContext
}): Uint8Array {
  const envelope = toBytes(parameters.envelope, 'envelope')
  if (envelope.length <= ENVELOPE_OVERHEAD || envelope.length > ENVELOPE_MAX_SIZE) {
    throw new EnvelopeError('Envelope has an impossible size.', {
      code: 'ENVELOPE_MALFORMED',
      details: `${envelope.length} bytes (allowed ${ENVELOPE_OVERHEAD + 1}..${ENVELOPE_MAX_SIZE})`,
    })
  }
  const privateKey = toBytes(parameters.privateKey, 'privateKey')
  if (privateKey.length !== 32) {
    throw new EnvelopeError('Private key must be 32 bytes.', { code: 'ENVELOPE_INVALID_ARGUMENT' })
  }
  let payload: Uint8Array
  try {
    payload = decrypt(privateKey, envelope)
  } catch (cause) {
    throw new EnvelopeError('Envelope does not open with this key.', {
      code: 'ENVELOPE_DECRYPT_FAILED',
      details: 'sealed to another key, or modified',
      cause: cause instanceof Error ? new Error(cause.message) : undefined,
    })
  }
  try {
    return decodePayload(payload, parameters.domain, parameters.context)
  } finally {
    payload.fill(0)
  }
}

function toBytes(value: ByteArray | Hex, name: string): Uint8Array {
  if (value instanceof Uint8Array) return value
  if (typeof value === 'string' && isHex(value)) return hexToBytes(value)
  throw new EnvelopeError(`${name} must be bytes or 0x-hex.`, { code: 'ENVELOPE_INVALID_ARGUMENT' })
}
