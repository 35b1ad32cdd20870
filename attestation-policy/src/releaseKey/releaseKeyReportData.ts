import { sha512 } from '@noble/hashes/sha2'
import { type Address, type Hex, hexToBytes, isAddress, isHex, numberToBytes } from 'viem'
import { BaseError } from '../errors.js'

/** Domain tag of the report_data that binds a published release key to one chain and contract. */
export const RELEASE_KEY_DOMAIN = 'licen/release-key/v1'

/** What a release key's quote binds: the key, on this chain, for this DataPolicy contract. */
export type ReleaseKeyBinding = {
  chainId: number
  dataPolicy: Address
  /** 33-byte compressed secp256k1 public key (0x02/0x03 prefix). */
  publicKey: Hex
}

/**
 * The 64-byte report_data of the quote published with the release key:
 * sha512("licen/release-key/v1" ‖ u256be(chainId) ‖ dataPolicy(20) ‖ releasePublicKey(33, compressed)).
 * The one implementation: the orchestrator quotes it, `verifyReleaseKey` checks it.
 */
export function releaseKeyReportData(binding: ReleaseKeyBinding): Uint8Array {
  const valid =
    Number.isSafeInteger(binding.chainId) &&
    binding.chainId > 0 &&
    isAddress(binding.dataPolicy, { strict: false }) &&
    isHex(binding.publicKey, { strict: true }) &&
    /^0x0[23][0-9a-fA-F]{64}$/.test(binding.publicKey)
  if (!valid) {
    throw new BaseError('invalid release key binding', {
      code: 'INPUT_INVALID',
      details: 'chainId: a positive safe integer; dataPolicy: 20 bytes; publicKey: 33-byte compressed key',
    })
  }
  const tag = new TextEncoder().encode(RELEASE_KEY_DOMAIN)
  const publicKey = hexToBytes(binding.publicKey)
  const dataPolicy = hexToBytes(binding.dataPolicy)
  const preimage = new Uint8Array(tag.length + 32 + 20 + 33)
  preimage.set(tag, 0)
  preimage.set(numberToBytes(binding.chainId, { size: 32 }), tag.length)
  preimage.set(dataPolicy, tag.length + 32)
  preimage.set(publicKey, tag.length + 52)
  return sha512(preimage)
}
