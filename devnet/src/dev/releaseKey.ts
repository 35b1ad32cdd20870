import { type Hex, keccak256, stringToBytes } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

/**
 * The devnet's release key: derived from a public label, like anvil's keys, so datasets published on a devnet stay
 * releasable across restarts. It protects nothing and must never seal a real dataset.
 */
export const DEVNET_RELEASE_KEY: Hex = keccak256(stringToBytes('licen/devnet/release-key/v1'))

/** Compressed secp256k1 public key (33 bytes) of a private key. */
export function compressedPublicKey(privateKey: Hex): Hex {
  const uncompressed = privateKeyToAccount(privateKey).publicKey // 0x04 ‖ x ‖ y
  const yOdd = Number.parseInt(uncompressed.slice(-2), 16) % 2 === 1
  return `0x${yOdd ? '03' : '02'}${uncompressed.slice(4, 68)}`
}
