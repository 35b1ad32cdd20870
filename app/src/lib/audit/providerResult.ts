import type { ResultManifest } from '@licen/sdk'
import { createProviderApiClient, type ProviderApiFailure } from '@licen/sdk/provider-api'
import type { Hex } from 'viem'
import { AppError } from '../errors/AppError.js'

/** Largest signed result manifest answer read, in bytes. */
export const MAX_PROVIDER_RESULT_BYTES = 16 * 1024

/** Fetches the signed result manifest from the provider (`GET /v1/jobs/:jobId/result`), bounded and validated. */
export function fetchProviderResult(
  endpoint: string,
  jobId: bigint,
  doFetch: typeof fetch = globalThis.fetch,
): Promise<{ manifest: ResultManifest; signature: Hex }> {
  return createProviderApiClient({
    endpoint,
    fetch: doFetch,
    timeoutMs: 10_000,
    maxBytes: MAX_PROVIDER_RESULT_BYTES,
    mapError: appErrorOf,
  }).result(jobId)
}

/** The app's codes: no answer (or a refusal) is PROVIDER_UNREACHABLE, an unusable one PROVIDER_INVALID. */
function appErrorOf(failure: ProviderApiFailure): AppError {
  if (
    failure.kind === 'endpoint' ||
    failure.kind === 'unreachable' ||
    (failure.status !== undefined && !failure.accepted)
  ) {
    return new AppError('The provider node did not give the signed result manifest.', {
      code: 'PROVIDER_UNREACHABLE',
      cause: 'cause' in failure ? failure.cause : undefined,
    })
  }
  if (failure.kind === 'tooLarge') {
    return new AppError('The provider node answered with too much data.', { code: 'PROVIDER_INVALID' })
  }
  return new AppError('The provider node answered with an unexpected shape.', { code: 'PROVIDER_INVALID' })
}
