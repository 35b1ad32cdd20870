import { sha512 } from '@noble/hashes/sha2'
import { type Address, concat, type Hex, hexToBytes, numberToBytes, stringToBytes } from 'viem'

/** The job and keys one quote binds. */
export type ReportDataParameters = {
  chainId: number
  dataPolicy: Address
  jobId: bigint
  /** The orchestrator's 32-byte nonce. */
  nonce: Hex
  /** 33-byte compressed secp256k1 public key. */
  encPubKey: Hex
  signer: Address
}

/**
 * `sha512("licen/attest/v1" ‖ u256be(chainId) ‖ dataPolicy(20) ‖ u256be(jobId) ‖ nonce(32) ‖ encPubKey(33) ‖
 * signer(20))`, the 64-byte report_data binding (docs/ENGINEERING.md).
 */
export function reportData(parameters: ReportDataParameters): Uint8Array {
  return sha512(
    concat([
      stringToBytes('licen/attest/v1'),
      numberToBytes(BigInt(parameters.chainId), { size: 32 }),
      hexToBytes(parameters.dataPolicy, { size: 20 }),
      numberToBytes(parameters.jobId, { size: 32 }),
      hexToBytes(parameters.nonce, { size: 32 }),
      hexToBytes(parameters.encPubKey, { size: 33 }),
      hexToBytes(parameters.signer, { size: 20 }),
    ]),
  )
}
