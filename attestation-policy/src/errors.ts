import {
  BaseError as LicenBaseError,
  type BaseErrorParameters as LicenBaseErrorParameters,
} from '@licen/errors'

/** Stable codes for every error this package throws; UIs and logs switch on them. */
export type AttestationErrorCode =
  | 'INPUT_INVALID'
  | 'POLICY_INVALID'
  | 'QUOTE_INVALID'
  | 'COLLATERAL_INVALID'
  | 'EVENT_LOG_INVALID'
  | 'DER_INVALID'
  | 'PCCS_FETCH_FAILED'
  | 'VERIFIER_UNAVAILABLE'
  | 'TRUST_ANCHOR_INVALID'
  | 'DEV_TEE_STATE_INVALID'
  | 'JOB_EVIDENCE_INVALID'
  | 'JOB_SOURCE_UNAVAILABLE'
  /** A source a verification reads (chain, storage, policy file) did not answer in time or failed. */
  | 'SOURCE_UNAVAILABLE'
  | 'JOB_POLICY_NOT_FOUND'
  | 'POLICY_ROLE_MISMATCH'
  | 'RELEASE_KEY_EVIDENCE_INVALID'
  | 'RELEASE_KEY_NOT_ATTESTED'
  | 'COMPOSE_INVALID'
  | 'COMPOSE_IMAGE_NOT_PINNED'
  | 'POLICY_RELEASE_UNKNOWN'

/** Parameters every @licen/attestation-policy error accepts. */
export type BaseErrorParameters = LicenBaseErrorParameters<AttestationErrorCode>

/** A one-line description of an error for verdict reasons: short message and details of ours, message otherwise. */
export function describeError(error: unknown): string {
  if (error instanceof BaseError)
    return error.details ? `${error.shortMessage} ${error.details}` : error.shortMessage
  return error instanceof Error ? error.message : String(error)
}

/**
 * The one error class of @licen/attestation-policy: LICEN's one `BaseError` (a short message, a stable code,
 * optional details and cause) with this package's codes.
 */
export class BaseError extends LicenBaseError<AttestationErrorCode> {
  override name = 'AttestationPolicyError'
}
