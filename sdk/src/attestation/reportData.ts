import { sha512 } from '@noble/hashes/sha2'
import { type Address, type ByteArray, type Hex, hexToBytes, isAddress, isHex, numberToBytes } from 'viem'
import { AttestationBindingError } from './AttestationBindingError.js'

/** Domain tag that starts the report-data preimage. */
export const REPORT_DATA_DOMAIN = 'licen/attest/v1'

export type ReportDataParameters = {
  chainId: number | bigint
  /** DataPolicy contract address. */
  dataPolicy: Address
  jobId: bigint | number
  /** 32-byte fresh nonce chosen by the orchestrator for this attempt. */
  nonce: ByteArray | Hex
  /** The provider's per-job encryption public key, 33-byte compressed secp256k1. */
  encPubKey: ByteArray | Hex
  /** The provider's per-job signing address (becomes the job's enclaveSigner). */
  signer: Address
}

/**
 * The 64-byte TDX report_data binding a quote to one job attempt:
 * sha512("licen/attest/v1" ‖ u256be(chainId) ‖ dataPolicy(20) ‖ u256be(jobId) ‖ nonce(32) ‖ encPubKey(33) ‖ signer(20)).
 */
export function reportData(parameters: ReportDataParameters): Uint8Array {
  const nonce = bytesOf(parameters.nonce, 'nonce', 32)
  const encPubKey = bytesOf(parameters.encPubKey, 'encPubKey', 33)
  if (encPubKey[0] !== 2 && encPubKey[0] !== 3) {
    throw new AttestationBindingError('encPubKey must be a compressed secp256k1 key.', {
      code: 'REPORT_DATA_INVALID_ARGUMENT',
    })
  }
  const preimage = new Uint8Array(15 + 32 + 20 + 32 + 32 + 33 + 20)
  let at = 0
  const put = (bytes: Uint8Array) => {
    preimage.set(bytes, at)
    at += bytes.length
  }
  put(new TextEncoder().encode(REPORT_DATA_DOMAIN))
  put(uint256(parameters.chainId, 'chainId'))
  put(address(parameters.dataPolicy, 'dataPolicy'))
  put(uint256(parameters.jobId, 'jobId'))
  put(nonce)
  put(encPubKey)
  put(address(parameters.signer, 'signer'))
  return sha512(preimage)
}

function invalid(name: string, details: string): AttestationBindingError {
  return new AttestationBindingError(`${name} is invalid.`, { code: 'REPORT_DATA_INVALID_ARGUMENT', details })
}

function bytesOf(value: ByteArray | Hex, name: string, size: number): Uint8Array {
  const bytes =
    value instanceof Uint8Array ? value : isHex(value, { strict: true }) ? hexToBytes(value) : undefined
  if (!bytes || bytes.length !== size) throw invalid(name, `must be ${size} bytes`)
  return bytes
}

function uint256(value: number | bigint, name: string): Uint8Array {
  const big = typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value
  if (typeof big !== 'bigint' || big < 0n || big >= 2n ** 256n) throw invalid(name, 'must be a uint256')
  return numberToBytes(big, { size: 32 })
}

function address(value: Address, name: string): Uint8Array {
  if (!isAddress(value, { strict: false })) throw invalid(name, 'must be a 20-byte address')
  return hexToBytes(value)
}
