import { type Hex, hexToBytes, isHex, keccak256, slice } from 'viem'
import { ResultKeyError } from './ResultKeyError.js'

/** First 12 bytes of keccak256(resultPubKey): what `DataPolicy` stores as the job's `resultKeyTag`. */
export function resultKeyTag(publicKey: Hex): Hex {
  const bytes = isHex(publicKey, { strict: true }) ? hexToBytes(publicKey) : undefined
  if (bytes?.length !== 33 || (bytes[0] !== 2 && bytes[0] !== 3)) {
    throw new ResultKeyError('Result public key must be 33-byte compressed secp256k1.', {
      code: 'RESULT_KEY_INVALID_PUBLIC_KEY',
    })
  }
  return slice(keccak256(bytes), 0, 12)
}
