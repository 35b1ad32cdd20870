// `@licen/sdk/provider-api`: provider API v1 in one place — routes, schemas, state names, request signing and the
// typed client that the provider's server, the orchestrator, the app and devnet all use.
export { BodyTooLargeError } from '../http/BodyTooLargeError.js'
export { type BoundedSource, type ReadBoundedOptions, readBounded } from '../http/readBounded.js'
export {
  PROVIDER_REQUEST_DOMAIN,
  PROVIDER_REQUEST_MAX_PATH_LENGTH,
  PROVIDER_REQUEST_MAX_SKEW_SECONDS,
  providerRequestHeaderNames,
} from '../requestAuth/constants.js'
export { createReplayGuard, type ReplayGuard } from '../requestAuth/createReplayGuard.js'
export { providerRequestMessage } from '../requestAuth/providerRequestMessage.js'
export { RequestAuthError, type RequestAuthErrorCode } from '../requestAuth/RequestAuthError.js'
export {
  type ProviderRequestHeaders,
  type SignProviderRequestParameters,
  signProviderRequest,
} from '../requestAuth/signProviderRequest.js'
export { verifyProviderRequest } from '../requestAuth/verifyProviderRequest.js'
export {
  type CreateProviderApiClientParameters,
  createProviderApiClient,
  type ProviderApiClient,
  type StartOutcome,
} from './createProviderApiClient.js'
export { fetchProviderJob } from './fetchProviderJob.js'
export type { ProviderApiFailure } from './ProviderApiFailure.js'
export { ProviderClientError, type ProviderClientErrorCode } from './ProviderClientError.js'
export { providerClientErrorOf } from './providerClientErrorOf.js'
export { type ProviderRouteName, providerPath, providerRoutes } from './providerRoutes.js'
export {
  type AttestAnswer,
  type AttestRequest,
  attestAnswerSchema,
  attestRequestSchema,
  PROVIDER_JOB_MAX_BYTES,
  PROVIDER_JOB_MAX_RECEIPTS,
  PROVIDER_JOB_STATES,
  PROVIDER_MAX_EVENT_LOG_CHARS,
  PROVIDER_MAX_QUOTE_BYTES,
  PROVIDER_MAX_RESPONSE_BYTES,
  PROVIDER_MAX_SEALED_KEY_BYTES,
  type ProviderErrorBody,
  type ProviderFailure,
  type ProviderInfo,
  type ProviderJob,
  type ProviderJobState,
  type ProviderJobStatus,
  type ProviderResult,
  parseJobId,
  providerErrorBodySchema,
  providerFailureSchema,
  providerInfoSchema,
  providerJobAnswerSchema,
  providerJobStatusSchema,
  providerReceiptSchema,
  providerResultSchema,
  type StartRequest,
  startFailureSchema,
  startRequestSchema,
} from './providerSchemas.js'
