import { secp256k1 } from '@noble/curves/secp256k1'
import {
  type Address,
  bytesToHex,
  type Hash,
  type Hex,
  hashMessage,
  hashTypedData,
  numberToHex,
  serializeSignature,
} from 'viem'
import { type LocalAccount, publicKeyToAddress, toAccount } from 'viem/accounts'
import { KeysError } from './KeysError.js'

/**
 * The two secp256k1 keys of one job, generated in memory and never exported: the encryption key the dataset key
 * is sealed to, and the signing key that signs receipts, the result manifest or a failure report.
 */
export type JobKeys = {
  /** Compressed (33-byte) public encryption key, hex. */
  readonly encPubKey: Hex
  /** Address of the signing key (the job's enclave signer). */
  readonly signer: Address
  /** A viem account backed by the signing key: EIP-191 messages and EIP-712 typed data only. */
  readonly account: LocalAccount
  /** Runs `use` with the private encryption key; the bytes must not be kept beyond the call. */
  withEncryptionKey: <T>(use: (privateKey: Uint8Array) => T) => T
  /** Zeroes the encryption key (the dataset key was opened; it is not needed again). */
  wipeEncryptionKey: () => void
  /** Zeroes both private keys; every later use throws `KEYS_WIPED`. */
  wipe: () => void
  /** Whether `wipe` ran. */
  readonly wiped: boolean
}

/** Generates a fresh pair of per-job keys inside this process. */
export function createJobKeys(): JobKeys {
  const encryptionKey = secp256k1.utils.randomSecretKey()
  const signingKey = secp256k1.utils.randomSecretKey()
  const encPubKey = bytesToHex(secp256k1.getPublicKey(encryptionKey, true))
  const signer = publicKeyToAddress(bytesToHex(secp256k1.getPublicKey(signingKey, false)))
  let encryptionWiped = false
  let wiped = false

  const sign = (hash: Hash): Hex => {
    if (wiped) throw new KeysError('The job signing key was wiped.', { code: 'KEYS_WIPED' })
    const signature = secp256k1.sign(hash.slice(2), signingKey, { lowS: true })
    return serializeSignature({
      r: numberToHex(signature.r, { size: 32 }),
      s: numberToHex(signature.s, { size: 32 }),
      yParity: signature.recovery,
    })
  }

  const account = toAccount({
    address: signer,
    async signMessage({ message }) {
      return sign(hashMessage(message))
    },
    async signTypedData(typedData) {
      return sign(hashTypedData(typedData))
    },
    async signTransaction() {
      throw new KeysError('The job signing key does not sign transactions.', { code: 'KEYS_UNSUPPORTED' })
    },
  })

  return {
    encPubKey,
    signer,
    account,
    withEncryptionKey(use) {
      if (encryptionWiped) throw new KeysError('The job encryption key was wiped.', { code: 'KEYS_WIPED' })
      return use(encryptionKey)
    },
    wipeEncryptionKey() {
      encryptionKey.fill(0)
      encryptionWiped = true
    },
    wipe() {
      encryptionKey.fill(0)
      signingKey.fill(0)
      encryptionWiped = true
      wiped = true
    },
    get wiped() {
      return wiped
    },
  }
}
