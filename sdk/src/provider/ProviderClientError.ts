import { BaseError } from '../errors.js'

/** Stable codes of reading a provider node's public API. */
export type ProviderClientErrorCode =
  /** The node could not be reached or did not answer in time. */
  | 'PROVIDER_UNREACHABLE'
  /** The node does not know the job (it restarted, or never attested it). */
  | 'PROVIDER_JOB_NOT_FOUND'
  /** The answer is not what API v1 specifies (status, size or shape). */
  | 'PROVIDER_BAD_RESPONSE'

/** Error thrown by the provider API client. */
export class ProviderClientError extends BaseError<ProviderClientErrorCode> {
  override name = 'ProviderClientError'
}
