import {
  type AttestAnswer,
  createProviderApiClient,
  PROVIDER_MAX_RESPONSE_BYTES,
  type ProviderApiFailure,
  type ProviderJob,
  type ProviderResult,
  type StartOutcome,
} from '@licen/sdk/provider-api'
import type { Address, Hex, LocalAccount } from 'viem'
import { OrchestratorError } from '../errors.js'
import { assertPublicEndpoint } from './publicEndpoint.js'

export type { StartOutcome } from '@licen/sdk/provider-api'

/** Largest provider answer read (a quote, its event log and receipts fit well inside). */
export const MAX_PROVIDER_RESPONSE_BYTES = PROVIDER_MAX_RESPONSE_BYTES

/** Provider API v1, as the orchestrator calls it (signed POSTs, bounded answers, timeouts). */
export type ProviderClient = {
  attest: (
    endpoint: string,
    jobId: bigint,
    body: { nonce: Hex; chainId: number; dataPolicy: Address },
  ) => Promise<AttestAnswer>
  start: (
    endpoint: string,
    jobId: bigint,
    body: { sealedKey: Hex; spec: { datasetRoot: Hex; epochs: number; resultPubKey: Hex } },
  ) => Promise<StartOutcome>
  status: (endpoint: string, jobId: bigint) => Promise<ProviderJob>
  result: (endpoint: string, jobId: bigint) => Promise<ProviderResult>
}

export type CreateProviderClientParameters = {
  /** The orchestrator wallet: signs every POST (`x-licen-*` headers). */
  account: Pick<LocalAccount, 'address' | 'signMessage'>
  timeoutMs: number
  /**
   * Call providers on loopback and private addresses too: only on the local devnet (chain 31337). Otherwise every
   * call first checks that the endpoint is public (`assertPublicEndpoint`: PROVIDER_ENDPOINT_NOT_PUBLIC).
   */
  allowPrivateEndpoints: boolean
  fetch?: typeof fetch | undefined
}

/**
 * Creates the provider API client. Errors: PROVIDER_UNREACHABLE, PROVIDER_REFUSED (`providerCode`),
 * PROVIDER_BAD_RESPONSE, PROVIDER_ENDPOINT_NOT_PUBLIC.
 */
export function createProviderClient(parameters: CreateProviderClientParameters): ProviderClient {
  const node = (endpoint: string) =>
    createProviderApiClient({
      endpoint,
      account: parameters.account,
      timeoutMs: parameters.timeoutMs,
      maxBytes: MAX_PROVIDER_RESPONSE_BYTES,
      redirect: 'error',
      fetch: parameters.fetch,
      mapError: orchestratorErrorOf,
    })
  const checked = async (endpoint: string) => {
    if (!parameters.allowPrivateEndpoints) await assertPublicEndpoint(endpoint)
    return node(endpoint)
  }
  return {
    attest: async (endpoint, jobId, body) => (await checked(endpoint)).attest(jobId, body),
    start: async (endpoint, jobId, body) => (await checked(endpoint)).start(jobId, body),
    status: async (endpoint, jobId) => (await checked(endpoint)).job(jobId),
    result: async (endpoint, jobId) => (await checked(endpoint)).result(jobId),
  }
}

/** The orchestrator's error for a failed provider call (codes and details as its jobs and logs read them). */
function orchestratorErrorOf(failure: ProviderApiFailure): OrchestratorError {
  const { path } = failure
  const unusable = (details: string) =>
    new OrchestratorError('The provider answer is unusable.', {
      code: 'PROVIDER_BAD_RESPONSE',
      details: `${path}: ${details}`,
    })
  switch (failure.kind) {
    case 'endpoint':
      return new OrchestratorError(
        failure.reason === 'not a URL'
          ? 'The provider endpoint is not a URL.'
          : 'The provider endpoint is not http(s).',
        { code: 'PROVIDER_UNREACHABLE' },
      )
    case 'unreachable': {
      const why = failure.timedOut
        ? 'timeout'
        : failure.phase === 'body'
          ? 'connection lost'
          : ((failure.cause as Error | undefined)?.name ?? 'fetch failed')
      return new OrchestratorError('The provider could not be reached.', {
        code: 'PROVIDER_UNREACHABLE',
        details: failure.phase === 'request' ? `${failure.method} ${path}: ${why}` : `${path}: ${why}`,
      })
    }
    case 'tooLarge':
      return unusable('too large')
    case 'notJson':
      return unusable('not JSON')
    case 'status':
      return new OrchestratorError('The provider refused the request.', {
        code: 'PROVIDER_REFUSED',
        providerCode: failure.providerCode,
        details: `${path}: HTTP ${failure.status} ${failure.providerCode}`,
      })
    case 'schema':
    case 'otherJob':
      return new OrchestratorError('The provider answered outside the API schema.', {
        code: 'PROVIDER_BAD_RESPONSE',
        details: `${path}: ${
          failure.kind === 'otherJob'
            ? `answer is for job ${failure.answeredJobId}`
            : failure.issues
                .slice(0, 5)
                .map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`)
                .join('; ')
        }`,
      })
  }
}
