import type { Address, Hex, TypedDataDefinition } from 'viem'

/** EIP-712 domain of a DataPolicy deployment: name `LICEN DataPolicy`, version `1`, chain id, contract. */
export type DataPolicyDomain = {
  name: 'LICEN DataPolicy'
  version: '1'
  chainId: number
  verifyingContract: Address
}

/** Builds the EIP-712 domain of the DataPolicy contract at `verifyingContract` on `chainId`. */
export function dataPolicyDomain(parameters: {
  chainId: number
  verifyingContract: Address
}): DataPolicyDomain {
  return {
    name: 'LICEN DataPolicy',
    version: '1',
    chainId: parameters.chainId,
    verifyingContract: parameters.verifyingContract,
  }
}

/** EIP-712 types of the DataPolicy messages, exactly as `DataPolicy.sol` hashes them. */
export const dataPolicyTypes = {
  ResultManifest: [
    { name: 'jobId', type: 'uint256' },
    { name: 'datasetRoot', type: 'bytes32' },
    { name: 'resultRoot', type: 'bytes32' },
    { name: 'codeHash', type: 'bytes32' },
    { name: 'attestationRef', type: 'bytes32' },
    { name: 'actualEpochs', type: 'uint16' },
    { name: 'receiptsHead', type: 'bytes32' },
  ],
  EpochReceipt: [
    { name: 'jobId', type: 'uint256' },
    { name: 'epoch', type: 'uint16' },
    { name: 'samples', type: 'uint64' },
    { name: 'lossMicro', type: 'uint64' },
    { name: 'adapterHash', type: 'bytes32' },
    { name: 'prevReceipt', type: 'bytes32' },
  ],
  FailureReport: [
    { name: 'jobId', type: 'uint256' },
    { name: 'reason', type: 'bytes32' },
  ],
} as const

/** The result manifest the job's enclave key signs to settle a job. */
export type ResultManifest = {
  jobId: bigint
  datasetRoot: Hex
  /** 0G root of the encrypted result object. */
  resultRoot: Hex
  /** Hash of the provider runtime that trained. */
  codeHash: Hex
  /** keccak256 of the quote the job was started on. */
  attestationRef: Hex
  actualEpochs: number
  /** Digest of the last epoch receipt; zero when no epoch finished. */
  receiptsHead: Hex
}

/** One finished epoch, signed by the job's enclave key and chained to the previous receipt. */
export type EpochReceipt = {
  jobId: bigint
  /** 1-based epoch number. */
  epoch: number
  /** Training samples seen in the epoch. */
  samples: bigint
  /** round(mean loss × 1e6). */
  lossMicro: bigint
  /** Hash of the adapter weights after the epoch. */
  adapterHash: Hex
  /** Digest of the previous receipt; zero for epoch 1. */
  prevReceipt: Hex
}

/** A failure the job's enclave key signs; settles the job with a full refund. */
export type FailureReport = {
  jobId: bigint
  /** Upper-snake ASCII code right-padded to bytes32. */
  reason: Hex
}

/**
 * Anything that signs EIP-712 typed data the way a viem account does: a `LocalAccount`, or a wrapper such as
 * `{ signTypedData: (typedData) => walletClient.signTypedData({ account, ...typedData }) }`.
 */
export type TypedDataSigner = {
  // Method syntax on purpose: viem's generic `signTypedData` is then accepted as is.
  signTypedData(
    typedData: TypedDataDefinition<typeof dataPolicyTypes, keyof typeof dataPolicyTypes>,
  ): Promise<Hex>
}
