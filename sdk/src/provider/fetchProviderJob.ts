import { createProviderApiClient } from './createProviderApiClient.js'
import { PROVIDER_JOB_MAX_BYTES, type ProviderJob } from './providerSchemas.js'

/**
 * Reads `GET <endpoint>/v1/jobs/<jobId>` from a provider node (timeout, bounded size) and validates it; a cancel
 * through `signal` rejects with the abort error itself, not a `ProviderClientError`.
 */
export function fetchProviderJob(parameters: {
  endpoint: string
  jobId: bigint
  timeoutMs?: number | undefined
  signal?: AbortSignal | undefined
  fetch?: typeof fetch | undefined
}): Promise<ProviderJob> {
  const { jobId, ...client } = parameters
  return createProviderApiClient({ ...client, maxBytes: PROVIDER_JOB_MAX_BYTES }).job(jobId)
}
