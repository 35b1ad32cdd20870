/**
 * EIP-712 types of the DataPolicy messages, field for field as `DataPolicy.sol` hashes them (its
 * `RESULT_MANIFEST_TYPEHASH`, `EPOCH_RECEIPT_TYPEHASH` and `FAILURE_REPORT_TYPEHASH`; `eip712.test.ts` checks each
 * against the deployed contract). The one table: `@licen/sdk` re-exports it.
 */
export const dataPolicyTypes = {
  ResultManifest: [
    { name: 'jobId', type: 'uint256' },
    { name: 'datasetRoot', type: 'bytes32' },
    // 0G root of the encrypted result object.
    { name: 'resultRoot', type: 'bytes32' },
    // Hash of the provider runtime that trained.
    { name: 'codeHash', type: 'bytes32' },
    // Reference to the attestation the job was started on (docs/ENGINEERING.md: 0G root of the evidence).
    { name: 'attestationRef', type: 'bytes32' },
    { name: 'actualEpochs', type: 'uint16' },
    // Digest of the last epoch receipt; zero when no epoch finished.
    { name: 'receiptsHead', type: 'bytes32' },
  ],
  EpochReceipt: [
    { name: 'jobId', type: 'uint256' },
    // 1-based epoch number.
    { name: 'epoch', type: 'uint16' },
    // Training samples seen in the epoch.
    { name: 'samples', type: 'uint64' },
    // round(mean loss × 1e6).
    { name: 'lossMicro', type: 'uint64' },
    // Hash of the adapter weights after the epoch.
    { name: 'adapterHash', type: 'bytes32' },
    // Digest of the previous receipt; zero for epoch 1.
    { name: 'prevReceipt', type: 'bytes32' },
  ],
  FailureReport: [
    { name: 'jobId', type: 'uint256' },
    // Upper-snake ASCII code right-padded to bytes32.
    { name: 'reason', type: 'bytes32' },
  ],
} as const

/** EIP-712 domain name and version of every DataPolicy deployment (`EIP712("LICEN DataPolicy", "1")`). */
export const dataPolicyDomainName = 'LICEN DataPolicy'
/** See {@link dataPolicyDomainName}. */
export const dataPolicyDomainVersion = '1'
