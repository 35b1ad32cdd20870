/**
 * Reasons the orchestrator records on chain with `markJobFailed` (right-padded bytes32 ASCII). Each names one
 * cause a person can act on; the app and the indexer show them as they are.
 */
export const failureCodes = {
  /** The dataset was delisted after the grant: no key is released for it any more. */
  DATASET_DELISTED: 'DATASET_DELISTED',
  /** The dataset policy the job was granted under has expired. */
  POLICY_EXPIRED: 'POLICY_EXPIRED',
  /** Too little time is left before the job's deadline to train. */
  DEADLINE_TOO_CLOSE: 'DEADLINE_TOO_CLOSE',
  /** The deadline passed before the job could start or settle. */
  DEADLINE_PASSED: 'DEADLINE_PASSED',
  /** The dataset requires an attestation policy this orchestrator has no file for. */
  POLICY_UNAVAILABLE: 'POLICY_UNAVAILABLE',
  /** The attestation policy is not (or no longer) allowed on chain. */
  POLICY_NOT_ALLOWED: 'POLICY_NOT_ALLOWED',
  /** The dataset manifest is malformed or describes another dataset. */
  MANIFEST_INVALID: 'MANIFEST_INVALID',
  /** The dataset manifest could not be fetched from storage within the grace period. */
  MANIFEST_UNAVAILABLE: 'MANIFEST_UNAVAILABLE',
  /**
   * The dataset is registered on chain by another account than the publisher its key envelope (or manifest)
   * names: someone registered a copied root and manifest. No key is released to anyone for it.
   */
  DATASET_OWNER_MISMATCH: 'DATASET_OWNER_MISMATCH',
  /**
   * The job was granted while another account held the dataset (a squatter who registered a copy first), and
   * the publisher has since taken it back with an earlier commitment: the job's terms are the squatter's, so it
   * never starts (the contract refuses it too); the escrow is refunded in full.
   */
  DATASET_OWNER_REPLACED: 'DATASET_OWNER_REPLACED',
  /** The key envelope is bound to another dataset root. */
  KEY_ENVELOPE_MISMATCH: 'KEY_ENVELOPE_MISMATCH',
  /** The key envelope does not open with the release key (sealed to another key, or corrupt). */
  KEY_ENVELOPE_INVALID: 'KEY_ENVELOPE_INVALID',
  /** The dataset is sealed to a release key this orchestrator derived but that is not registered on chain. */
  RELEASE_KEY_NOT_REGISTERED: 'RELEASE_KEY_NOT_REGISTERED',
  /** The dataset is sealed to a release key the contract owner revoked: no key is released for it any more. */
  RELEASE_KEY_REVOKED: 'RELEASE_KEY_REVOKED',
  /** The provider refused to attest the job. */
  ATTESTATION_REFUSED: 'ATTESTATION_REFUSED',
  /** The provider's evidence does not satisfy the attestation policy. */
  ATTESTATION_REJECTED: 'ATTESTATION_REJECTED',
  /** DCAP collateral could not be fetched within the grace period. */
  COLLATERAL_UNAVAILABLE: 'COLLATERAL_UNAVAILABLE',
  /** Evidence could not be stored within the grace period. */
  STORAGE_UNAVAILABLE: 'STORAGE_UNAVAILABLE',
  /** The provider could not be reached within the grace period. */
  PROVIDER_UNREACHABLE: 'PROVIDER_UNREACHABLE',
  /**
   * The provider's registered endpoint is (or resolves to) a loopback, private or link-local address: outside the
   * local devnet the orchestrator never calls one.
   */
  PROVIDER_ENDPOINT_NOT_PUBLIC: 'PROVIDER_ENDPOINT_NOT_PUBLIC',
  /** The provider no longer knows the job (it restarted and lost the job's keys). */
  PROVIDER_LOST: 'PROVIDER_LOST',
  /** The provider refused the key handover without a signed failure. */
  START_REFUSED: 'START_REFUSED',
  /** The provider's signed result does not match the job or its enclave signer. */
  RESULT_INVALID: 'RESULT_INVALID',
  /** The provider reported a failure whose signature does not verify. */
  FAILURE_REPORT_INVALID: 'FAILURE_REPORT_INVALID',
} as const

/** A failure reason the orchestrator records on chain. */
export type FailureCode = keyof typeof failureCodes
