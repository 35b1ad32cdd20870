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
import { ResultKeyError, type ResultKeyErrorCode } from './ResultKeyError.js'
import {
  datasetOwnerKeyTypedData,
  resultKeyTypedData,
  type WalletKeyTypedData,
} from './resultKeyTypedData.js'

/** A wallet-derived key pair (a researcher's result key, a dataset owner's key). */
export type ResultKeyPair = {
  /** 32-byte secp256k1 private key; zero it when done. */
  privateKey: Uint8Array
  /** 33-byte compressed public key (for the result key, the `resultPubKey` of `requestAccess`). */
  publicKey: Hex
}

/** A wallet-derived key pair. */
export type WalletKeyPair = ResultKeyPair

/** Something that signs the result-key message for `address` (viem local account, or see `eip1193ResultKeySigner`). */
export type ResultKeySigner = {
  address: Address
  signTypedData(typedData: ReturnType<typeof resultKeyTypedData>): Promise<Hex>
}

/** Something that signs the dataset-owner-key message for `address` (viem local account, `eip1193ResultKeySigner`). */
export type DatasetOwnerKeySigner = {
  address: Address
  signTypedData(typedData: ReturnType<typeof datasetOwnerKeyTypedData>): Promise<Hex>
}

/** A wallet that signs both wallet-key messages (a viem local account does). */
export type WalletKeySigner = ResultKeySigner & DatasetOwnerKeySigner

/** What a wallet-derived key is for: each has its own typed message, HKDF salt and error codes. */
export type WalletKeyPurpose = 'result' | 'dataset-owner'

const purposes: Record<
  WalletKeyPurpose,
  {
    typedData: (account: Address) => WalletKeyTypedData
    salt: Uint8Array
    label: string
    badSignature: ResultKeyErrorCode
    signingFailed: ResultKeyErrorCode
  }
> = {
  result: {
    typedData: resultKeyTypedData,
    salt: new TextEncoder().encode('licen/result-key/v1'),
    label: 'Result-key',
    badSignature: 'RESULT_KEY_BAD_SIGNATURE',
    signingFailed: 'RESULT_KEY_SIGNING_FAILED',
  },
  'dataset-owner': {
    typedData: datasetOwnerKeyTypedData,
    salt: new TextEncoder().encode('licen/dataset-owner-key/v1'),
    label: 'Dataset-owner-key',
    badSignature: 'OWNER_KEY_BAD_SIGNATURE',
    signingFailed: 'OWNER_KEY_SIGNING_FAILED',
  },
}

const N = secp256k1.CURVE.n

/** The fixed typed message `account` signs to derive its key for `purpose`. */
export function walletKeyTypedData(purpose: WalletKeyPurpose, account: Address): WalletKeyTypedData {
  return purposes[purpose].typedData(account)
}

/**
 * Derives a wallet key pair from a signature over the purpose's typed message for `account`: checks the signature
 * recovers to `account`, then HKDF-SHA256(r ‖ low-s, salt "licen/result-key/v1" or "licen/dataset-owner-key/v1",
 * info account) → 48 bytes → scalar (x mod (n − 1)) + 1.
 */
export async function deriveWalletKeyFromSignature(parameters: {
  purpose: WalletKeyPurpose
  account: Address
  signature: Hex
}): Promise<WalletKeyPair> {
  const purpose = purposes[parameters.purpose]
  let r: bigint
  let s: bigint
  try {
    const parsed = parseSignature(parameters.signature)
    r = BigInt(parsed.r)
    s = BigInt(parsed.s)
  } catch (cause) {
    throw new ResultKeyError(`${purpose.label} signature is malformed.`, {
      code: purpose.badSignature,
      cause,
    })
  }
  const recovered = await recoverTypedDataAddress({
    ...purpose.typedData(parameters.account),
    signature: parameters.signature,
  } as Parameters<typeof recoverTypedDataAddress>[0]).catch((cause: unknown) => {
    throw new ResultKeyError(`${purpose.label} signature does not recover.`, {
      code: purpose.badSignature,
      cause,
    })
  })
  if (!isAddressEqual(recovered, parameters.account)) {
    throw new ResultKeyError(`${purpose.label} signature is from another account.`, {
      code: purpose.badSignature,
      details: `recovers to ${recovered}`,
    })
  }
  // Both (r, s) and (r, n − s) verify; normalising to low s gives one key per signed message.
  const lowS = s > N / 2n ? N - s : s
  const ikm = new Uint8Array(64)
  ikm.set(numberToBytes(r, { size: 32 }), 0)
  ikm.set(numberToBytes(lowS, { size: 32 }), 32)
  const okm = hkdf(sha256, ikm, purpose.salt, hexToBytes(parameters.account.toLowerCase() as Hex), 48)
  const scalar = (hexToBigInt(bytesToHex(okm)) % (N - 1n)) + 1n
  const privateKey = numberToBytes(scalar, { size: 32 })
  ikm.fill(0)
  okm.fill(0)
  return { privateKey, publicKey: bytesToHex(secp256k1.getPublicKey(privateKey, true)) }
}

/** Asks the wallet (`sign`) for the purpose's signature and derives the key pair from it. */
async function deriveWalletKey(
  purpose: WalletKeyPurpose,
  account: Address,
  sign: () => Promise<Hex>,
): Promise<WalletKeyPair> {
  let signature: Hex
  try {
    signature = await sign()
  } catch (cause) {
    const { label, signingFailed } = purposes[purpose]
    throw new ResultKeyError(`The wallet did not sign the ${label.toLowerCase()} message.`, {
      code: signingFailed,
      cause,
    })
  }
  return deriveWalletKeyFromSignature({ purpose, account, signature })
}

/**
 * Derives the result key pair from a signature over `resultKeyTypedData(account)` (see
 * {@link deriveWalletKeyFromSignature}, salt "licen/result-key/v1").
 */
export function deriveResultKeyFromSignature(parameters: {
  account: Address
  signature: Hex
}): Promise<ResultKeyPair> {
  return deriveWalletKeyFromSignature({ purpose: 'result', ...parameters })
}

/** Asks `signer` to sign the fixed result-key message and derives the key pair from the signature. */
export function deriveResultKey(signer: ResultKeySigner): Promise<ResultKeyPair> {
  return deriveWalletKey('result', signer.address, () =>
    signer.signTypedData(resultKeyTypedData(signer.address)),
  )
}

/**
 * Asks `signer` to sign the fixed dataset-owner-key message and derives the owner's key pair: the key a manifest's
 * owner envelope is sealed to, so the owner (and nobody else) can re-seal the dataset key to a newer release key.
 */
export function deriveDatasetOwnerKey(signer: DatasetOwnerKeySigner): Promise<WalletKeyPair> {
  return deriveWalletKey('dataset-owner', signer.address, () =>
    signer.signTypedData(datasetOwnerKeyTypedData(signer.address)),
  )
}
