import { type Hex, isHex } from 'viem'
import { Eip712Error } from './Eip712Error.js'
import type { EpochReceipt, FailureReport, ResultManifest } from './types.js'

const UINT64_MAX = 2n ** 64n - 1n
const UINT256_MAX = 2n ** 256n - 1n

function bytes32(value: Hex, name: string): void {
  if (!isHex(value, { strict: true }) || value.length !== 66) {
    throw new Eip712Error(`${name} must be a 32-byte 0x-hex value.`, { code: 'EIP712_INVALID_ARGUMENT' })
  }
}

function uint(value: bigint | number, max: bigint, name: string): void {
  const ok =
    (typeof value === 'bigint' && value >= 0n && value <= max) ||
    (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && BigInt(value) <= max)
  if (!ok)
    throw new Eip712Error(`${name} is out of range.`, {
      code: 'EIP712_INVALID_ARGUMENT',
      details: String(value),
    })
}

/** Throws `EIP712_INVALID_ARGUMENT` unless every manifest field fits its Solidity type. */
export function assertResultManifest(m: ResultManifest): void {
  uint(m.jobId, UINT256_MAX, 'jobId')
  bytes32(m.datasetRoot, 'datasetRoot')
  bytes32(m.resultRoot, 'resultRoot')
  bytes32(m.codeHash, 'codeHash')
  bytes32(m.attestationRef, 'attestationRef')
  uint(m.actualEpochs, 0xffffn, 'actualEpochs')
  bytes32(m.receiptsHead, 'receiptsHead')
}

/** Throws `EIP712_INVALID_ARGUMENT` unless every receipt field fits its Solidity type. */
export function assertEpochReceipt(r: EpochReceipt): void {
  uint(r.jobId, UINT256_MAX, 'jobId')
  uint(r.epoch, 0xffffn, 'epoch')
  uint(r.samples, UINT64_MAX, 'samples')
  uint(r.lossMicro, UINT64_MAX, 'lossMicro')
  bytes32(r.adapterHash, 'adapterHash')
  bytes32(r.prevReceipt, 'prevReceipt')
}

/** Throws `EIP712_INVALID_ARGUMENT` unless the report's fields fit their Solidity types. */
export function assertFailureReport(f: FailureReport): void {
  uint(f.jobId, UINT256_MAX, 'jobId')
  bytes32(f.reason, 'reason')
}
