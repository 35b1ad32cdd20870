import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils'
import { BaseError } from './errors.js'

export { bytesToHex, concatBytes, utf8ToBytes }

/** Decodes lowercase or uppercase hex (an optional 0x prefix allowed) into bytes, refusing odd lengths and non-hex. */
export function hexToBytesStrict(hex: string, what = 'hex'): Uint8Array {
  const body = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex
  if (body.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(body)) {
    throw new BaseError('INPUT_INVALID', `${what} is not valid hex`)
  }
  return hexToBytes(body)
}

/** Compares two byte arrays in constant time with respect to their contents. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

/** Encodes an unsigned 32-bit integer little-endian. */
export function u32le(value: number): Uint8Array {
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, value, true)
  return out
}

/** Encodes an unsigned 16-bit integer little-endian. */
export function u16le(value: number): Uint8Array {
  const out = new Uint8Array(2)
  new DataView(out.buffer).setUint16(0, value, true)
  return out
}
