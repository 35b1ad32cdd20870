import { sha512 } from '@noble/hashes/sha2'
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils'
import { createDevTee, type DevTeeParameters } from '../src/devTee/devTee.js'
import { DEV_MOCK_PKI_SEED } from '../src/devTee/mockPki.js'

/** Fixed clock of the dev TEE tests (2026-01-01T00:00:00Z). */
export const DEV_NOW = 1_767_225_600

/** A 64-byte binding in the shape of @licen/sdk's (a test stand-in: this package does not depend on the sdk). */
export function testBinding(nonce: string, key = 'provider-key'): Uint8Array {
  return sha512(concatBytes(utf8ToBytes('licen/attest/v1-test'), utf8ToBytes(nonce), utf8ToBytes(key)))
}

/** A dev TEE with a fixed instance id and clock. */
export function devTee(overrides: Partial<DevTeeParameters> = {}) {
  return createDevTee({
    state: { pkiSeed: DEV_MOCK_PKI_SEED, instanceId: new Uint8Array(20).fill(7) },
    now: () => DEV_NOW,
    ...overrides,
  })
}
