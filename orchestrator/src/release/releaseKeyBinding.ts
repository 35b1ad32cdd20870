import { sha512 } from '@noble/hashes/sha2'
import { type Address, type Hex, hexToBytes, numberToBytes } from 'viem'

/** Domain tag of the report_data that binds a published release key to one chain and contract. */
export const RELEASE_KEY_DOMAIN = 'licen/release-key/v1'

/**
 * The 64-byte report_data of the quote published with the release key:
 * sha512("licen/release-key/v1" ‖ u256be(chainId) ‖ dataPolicy(20) ‖ releasePublicKey(33, compressed)).
 */
export function releaseKeyReportData(parameters: {
  chainId: number
  dataPolicy: Address
  publicKey: Hex
}): Uint8Array {
  const tag = new TextEncoder().encode(RELEASE_KEY_DOMAIN)
  const publicKey = hexToBytes(parameters.publicKey)
  const dataPolicy = hexToBytes(parameters.dataPolicy)
  if (publicKey.length !== 33 || dataPolicy.length !== 20) throw new TypeError('invalid release key binding')
  const preimage = new Uint8Array(tag.length + 32 + 20 + 33)
  preimage.set(tag, 0)
  preimage.set(numberToBytes(parameters.chainId, { size: 32 }), tag.length)
  preimage.set(dataPolicy, tag.length + 32)
  preimage.set(publicKey, tag.length + 52)
  return sha512(preimage)
}
