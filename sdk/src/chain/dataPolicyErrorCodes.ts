import type { dataPolicyAbi } from '@licen/contracts/abi'

/** Every custom error name in the DataPolicy ABI (contract and inherited OpenZeppelin errors). */
export type DataPolicyErrorName = Extract<(typeof dataPolicyAbi)[number], { type: 'error' }>['name']

/**
 * The one table from DataPolicy revert names to stable error codes. Typed against the generated ABI, so a new
 * contract error without a code fails the type-check. User-facing sentences live in the app, keyed by code or name.
 */
export const dataPolicyErrorCodes = {
  DataPolicy__AttestationPolicyMismatch: 'DATA_POLICY_ATTESTATION_POLICY_MISMATCH',
  DataPolicy__AttestationPolicyNotAllowed: 'DATA_POLICY_ATTESTATION_POLICY_NOT_ALLOWED',
  DataPolicy__AttestationPolicyWrongRole: 'DATA_POLICY_ATTESTATION_POLICY_WRONG_ROLE',
  DataPolicy__DatasetExists: 'DATA_POLICY_DATASET_EXISTS',
  DataPolicy__DatasetInactive: 'DATA_POLICY_DATASET_INACTIVE',
  DataPolicy__DeadlineNotReached: 'DATA_POLICY_DEADLINE_NOT_REACHED',
  DataPolicy__DeadlinePassed: 'DATA_POLICY_DEADLINE_PASSED',
  DataPolicy__GrantedUnderFormerOwner: 'DATA_POLICY_GRANTED_UNDER_FORMER_OWNER',
  DataPolicy__InvalidEndpoint: 'DATA_POLICY_INVALID_ENDPOINT',
  DataPolicy__InvalidEpochs: 'DATA_POLICY_INVALID_EPOCHS',
  DataPolicy__InvalidFee: 'DATA_POLICY_INVALID_FEE',
  DataPolicy__InvalidJobState: 'DATA_POLICY_INVALID_JOB_STATE',
  DataPolicy__InvalidPolicy: 'DATA_POLICY_INVALID_POLICY',
  DataPolicy__InvalidPolicyRole: 'DATA_POLICY_INVALID_POLICY_ROLE',
  DataPolicy__InvalidReleaseKey: 'DATA_POLICY_INVALID_RELEASE_KEY',
  DataPolicy__InvalidReleaseKeyStatus: 'DATA_POLICY_INVALID_RELEASE_KEY_STATUS',
  DataPolicy__InvalidResultKey: 'DATA_POLICY_INVALID_RESULT_KEY',
  DataPolicy__InvalidSignature: 'DATA_POLICY_INVALID_SIGNATURE',
  DataPolicy__NoActiveReleaseKey: 'DATA_POLICY_NO_ACTIVE_RELEASE_KEY',
  DataPolicy__NotDatasetOwner: 'DATA_POLICY_NOT_DATASET_OWNER',
  DataPolicy__NotOrchestrator: 'DATA_POLICY_NOT_ORCHESTRATOR',
  DataPolicy__NotProviderOperator: 'DATA_POLICY_NOT_PROVIDER_OPERATOR',
  DataPolicy__NothingToWithdraw: 'DATA_POLICY_NOTHING_TO_WITHDRAW',
  DataPolicy__PolicyExpired: 'DATA_POLICY_POLICY_EXPIRED',
  DataPolicy__ProviderInactive: 'DATA_POLICY_PROVIDER_INACTIVE',
  DataPolicy__PurposeNotAllowed: 'DATA_POLICY_PURPOSE_NOT_ALLOWED',
  DataPolicy__ReleaseKeyExists: 'DATA_POLICY_RELEASE_KEY_EXISTS',
  DataPolicy__RenounceOwnershipDisabled: 'DATA_POLICY_RENOUNCE_OWNERSHIP_DISABLED',
  DataPolicy__RequesterCapReached: 'DATA_POLICY_REQUESTER_CAP_REACHED',
  DataPolicy__TooManyEpochs: 'DATA_POLICY_TOO_MANY_EPOCHS',
  DataPolicy__TransferFailed: 'DATA_POLICY_TRANSFER_FAILED',
  DataPolicy__UnknownDataset: 'DATA_POLICY_UNKNOWN_DATASET',
  DataPolicy__UnknownJob: 'DATA_POLICY_UNKNOWN_JOB',
  DataPolicy__UnknownProvider: 'DATA_POLICY_UNKNOWN_PROVIDER',
  DataPolicy__UnknownReleaseKey: 'DATA_POLICY_UNKNOWN_RELEASE_KEY',
  DataPolicy__WrongPayment: 'DATA_POLICY_WRONG_PAYMENT',
  DataPolicy__ZeroHash: 'DATA_POLICY_ZERO_HASH',
  DataPolicy__ZeroReason: 'DATA_POLICY_ZERO_REASON',
  DataPolicy__ZeroSigner: 'DATA_POLICY_ZERO_SIGNER',
  InvalidShortString: 'DATA_POLICY_INVALID_SHORT_STRING',
  OwnableInvalidOwner: 'DATA_POLICY_INVALID_OWNER',
  OwnableUnauthorizedAccount: 'DATA_POLICY_NOT_ADMIN',
  ReentrancyGuardReentrantCall: 'DATA_POLICY_REENTRANT_CALL',
  StringTooLong: 'DATA_POLICY_STRING_TOO_LONG',
} as const satisfies Record<DataPolicyErrorName, `DATA_POLICY_${string}`>

/** A stable code for a DataPolicy revert. */
export type DataPolicyRevertCode = (typeof dataPolicyErrorCodes)[DataPolicyErrorName]
