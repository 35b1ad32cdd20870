import { secp256k1 } from '@noble/curves/secp256k1'
import { hkdf } from '@noble/hashes/hkdf'
import { sha256 } from '@noble/hashes/sha2'
import {
  type Address,
  bytesToHex,
  type Hex,
  hexToBigInt,
  hexToBytes,
  isAddressEqual,
  numberToBytes,
  parseSignature,
  recoverTypedDataAddress,
} from 'viem'
import { ResultKeyError } from './ResultKeyError.js'
import { resultKeyTypedData } from './resultKeyTypedData.js'

/** A researcher's result key pair. */
export type ResultKeyPair = {
  /** 32-byte secp256k1 private key; zero it when done. */
  privateKey: Uint8Array
  /** 33-byte compressed public key, the `resultPubKey` of `requestAccess`. */
  publicKey: Hex
}

/** Something that signs the result-key message for `address` (viem local account, or see `eip1193ResultKeySigner`). */
export type ResultKeySigner = {
  address: Address
  signTypedData(typedData: ReturnType<typeof resultKeyTypedData>): Promise<Hex>
}

const HKDF_SALT = new TextEncoder().encode('licen/result-key/v1')
const N = secp256k1.CURVE.n

/**
 * Derives the result key pair from a signature over `resultKeyTypedData(account)`: checks the signature recovers
 * to `account`, then HKDF-SHA256(r ‖ low-s, salt "licen/result-key/v1", info account) → 48 bytes → scalar
 * (x mod (n − 1)) + 1.
 */
export async function deriveResultKeyFromSignature(parameters: {
  account: Address
  signature: Hex
}): Promise<ResultKeyPair> {
  let r: bigint
  let s: bigint
  try {
    const parsed = parseSignature(parameters.signature)
    r = BigInt(parsed.r)
    s = BigInt(parsed.s)
  } catch (cause) {
    throw new ResultKeyError('Result-key signature is malformed.', {
      code: 'RESULT_KEY_BAD_SIGNATURE',
      cause,
    })
  }
  const recovered = await recoverTypedDataAddress({
    ...resultKeyTypedData(parameters.account),
    signature: parameters.signature,
  }).catch((cause: unknown) => {
    throw new ResultKeyError('Result-key signature does not recover.', {
      code: 'RESULT_KEY_BAD_SIGNATURE',
      cause,
    })
  })
  if (!isAddressEqual(recovered, parameters.account)) {
    throw new ResultKeyError('Result-key signature is from another account.', {
      code: 'RESULT_KEY_BAD_SIGNATURE',
      details: `recovers to ${recovered}`,
    })
  }
  // Both (r, s) and (r, n − s) verify; normalising to low s gives one key per signed message.
  const lowS = s > N / 2n ? N - s : s
  const ikm = new Uint8Array(64)
  ikm.set(numberToBytes(r, { size: 32 }), 0)
  ikm.set(numberToBytes(lowS, { size: 32 }), 32)
  const okm = hkdf(sha256, ikm, HKDF_SALT, hexToBytes(parameters.account.toLowerCase() as Hex), 48)
  const scalar = (hexToBigInt(bytesToHex(okm)) % (N - 1n)) + 1n
  const privateKey = numberToBytes(scalar, { size: 32 })
  ikm.fill(0)
  okm.fill(0)
  return { privateKey, publicKey: bytesToHex(secp256k1.getPublicKey(privateKey, true)) }
}

/** Asks `signer` to sign the fixed result-key message and derives the key pair from the signature. */
export async function deriveResultKey(signer: ResultKeySigner): Promise<ResultKeyPair> {
  let signature: Hex
  try {
    signature = await signer.signTypedData(resultKeyTypedData(signer.address))
  } catch (cause) {
    throw new ResultKeyError('The wallet did not sign the result-key message.', {
      code: 'RESULT_KEY_SIGNING_FAILED',
      cause,
    })
  }
  return deriveResultKeyFromSignature({ account: signer.address, signature })
}
