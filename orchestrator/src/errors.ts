/** Stable codes of every orchestrator error (the failure reasons sent on chain are in `failureCodes.ts`). */
export type OrchestratorErrorCode =
  /** The configuration does not match its schema. */
  | 'CONFIG_INVALID'
  /** A policy file is missing, unreadable or invalid. */
  | 'POLICY_FILE_INVALID'
  /** The database could not be opened or migrated. */
  | 'DATABASE_UNAVAILABLE'
  /** The chain answers with another chain id than configured. */
  | 'CHAIN_MISMATCH'
  /** The release key could not be loaded (bad key, or the dstack agent refused). */
  | 'RELEASE_KEY_UNAVAILABLE'
  /** A provider did not answer in time or could not be reached. */
  | 'PROVIDER_UNREACHABLE'
  /** A provider answered with an error (its code is in `details`). */
  | 'PROVIDER_REFUSED'
  /** A provider's answer does not match the API schema or is too large. */
  | 'PROVIDER_BAD_RESPONSE'
  /** The indexer could not be queried or its answer is malformed. */
  | 'INDEXER_UNAVAILABLE'
  /** The dataset manifest could not be fetched. */
  | 'MANIFEST_UNAVAILABLE'
  /** This instance no longer holds the lease of the job it was working on. */
  | 'LEASE_LOST'
  /** The orchestrator was stopped while the operation ran. */
  | 'STOPPED'

export type OrchestratorErrorParameters = {
  code: OrchestratorErrorCode
  /** Extra detail for people; never a key, plaintext or full RPC URL. */
  details?: string | undefined
  /** The error code a provider answered with (`PROVIDER_REFUSED`). */
  providerCode?: string | undefined
  cause?: unknown
}

/** The one error class of @licen/orchestrator: a short message, a stable code, optional details and cause. */
export class OrchestratorError extends Error {
  override name = 'OrchestratorError'
  readonly code: OrchestratorErrorCode
  readonly shortMessage: string
  readonly details: string | undefined
  readonly providerCode: string | undefined

  constructor(shortMessage: string, { code, details, providerCode, cause }: OrchestratorErrorParameters) {
    super(
      details ? `${shortMessage}\n\nDetails: ${details}` : shortMessage,
      cause === undefined ? {} : { cause },
    )
    this.code = code
    this.shortMessage = shortMessage
    this.details = details
    this.providerCode = providerCode
  }
}

/** The stable code of any error (ours, the sdk's, attestation-policy's), or `INTERNAL_ERROR`. */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : 'INTERNAL_ERROR'
}
