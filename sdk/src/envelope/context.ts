import { type Address, getAddress, type Hex, isAddress, isHex } from 'viem'
import { EnvelopeError } from './EnvelopeError.js'

/** Canonical form of a bytes32 (lower-case 0x-hex, 64 digits). */
export function canonicalBytes32(value: Hex, name: string): string {
  if (!isHex(value, { strict: true }) || value.length !== 66) {
    throw new EnvelopeError(`${name} must be a 32-byte 0x-hex value.`, { code: 'ENVELOPE_INVALID_ARGUMENT' })
  }
  return value.toLowerCase()
}

/** Canonical form of an address (lower-case 0x-hex). */
export function canonicalAddress(value: Address, name: string): string {
  if (!isAddress(value, { strict: false })) {
    throw new EnvelopeError(`${name} must be an address.`, { code: 'ENVELOPE_INVALID_ARGUMENT' })
  }
  return value.toLowerCase()
}

/** Checksummed (EIP-55) form of an address; mixed case must already be a valid checksum. */
export function checksumAddress(value: Address, name: string): Address {
  if (typeof value !== 'string' || !isAddress(value, { strict: true })) {
    throw new EnvelopeError(`${name} must be an address (valid EIP-55 checksum).`, {
      code: 'ENVELOPE_INVALID_ARGUMENT',
    })
  }
  return getAddress(value)
}

/** Canonical form of an unsigned integer (decimal string, no leading zeros), at most 2^256 - 1. */
export function canonicalUint(value: bigint | number, name: string): string {
  const big = typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value
  if (typeof big !== 'bigint' || big < 0n || big >= 2n ** 256n) {
    throw new EnvelopeError(`${name} must be an unsigned integer.`, { code: 'ENVELOPE_INVALID_ARGUMENT' })
  }
  return big.toString(10)
}
