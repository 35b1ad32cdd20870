import { BaseError, type BaseErrorParameters } from '@licen/sdk'

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
  /** The current release key was not registered and Active on chain before the deadline. */
  | 'RELEASE_KEY_NOT_REGISTERED'
  /** The current release key is revoked on chain (configure a newer version). */
  | 'RELEASE_KEY_REVOKED'
  /** The release key evidence could not be built or stored. */
  | 'RELEASE_KEY_EVIDENCE_UNAVAILABLE'
  /** A provider did not answer in time or could not be reached. */
  | 'PROVIDER_UNREACHABLE'
  /** A provider answered with an error (its code is in `details`). */
  | 'PROVIDER_REFUSED'
  /** A provider's answer does not match the API schema or is too large. */
  | 'PROVIDER_BAD_RESPONSE'
  /** A provider's endpoint is (or resolves to) a loopback, private or link-local address outside the devnet. */
  | 'PROVIDER_ENDPOINT_NOT_PUBLIC'
  /** The indexer could not be queried or its answer is malformed. */
  | 'INDEXER_UNAVAILABLE'
  /** The dataset manifest could not be fetched. */
  | 'MANIFEST_UNAVAILABLE'
  /** This instance no longer holds the lease of the job it was working on. */
  | 'LEASE_LOST'
  /** The orchestrator was stopped while the operation ran. */
  | 'STOPPED'

export type OrchestratorErrorParameters = BaseErrorParameters<OrchestratorErrorCode> & {
  /** The error code a provider answered with (`PROVIDER_REFUSED`). */
  providerCode?: string | undefined
}

/** The one error class of @licen/orchestrator: LICEN's one `BaseError` with this package's codes. */
export class OrchestratorError extends BaseError<OrchestratorErrorCode> {
  override name = 'OrchestratorError'
  readonly providerCode: string | undefined

  constructor(shortMessage: string, { providerCode, ...parameters }: OrchestratorErrorParameters) {
    super(shortMessage, parameters)
    this.providerCode = providerCode
  }
}

/**
 * The stable code of any error (ours, the sdk's, attestation-policy's), or `INTERNAL_ERROR`. Wider than the sdk's
 * `errorCode`: any upper-snake string `code` counts, a Node system error's (`ECONNREFUSED`) included.
 */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : 'INTERNAL_ERROR'
}
