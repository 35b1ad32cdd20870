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
  | 'JOB_POLICY_NOT_FOUND'

export type BaseErrorParameters = {
  details?: string | undefined
  cause?: unknown
}

/** A one-line description of an error for verdict reasons: short message and details of ours, message otherwise. */
export function describeError(error: unknown): string {
  if (error instanceof BaseError)
    return error.details ? `${error.shortMessage} ${error.details}` : error.shortMessage
  return error instanceof Error ? error.message : String(error)
}

/** The one error class of @licen/attestation-policy: a short message, optional details and a stable code. */
export class BaseError extends Error {
  override name = 'AttestationPolicyError'
  readonly code: AttestationErrorCode
  readonly shortMessage: string
  readonly details: string | undefined

  constructor(code: AttestationErrorCode, shortMessage: string, parameters: BaseErrorParameters = {}) {
    super(parameters.details ? `${shortMessage}\n\nDetails: ${parameters.details}` : shortMessage, {
      cause: parameters.cause,
    })
    this.code = code
    this.shortMessage = shortMessage
    this.details = parameters.details
  }
}
