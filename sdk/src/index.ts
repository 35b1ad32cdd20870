export { dataPolicyAbi, dataPolicyAbiHash } from '@licen/contracts/abi'
export * from './attestation/index.js'
export * from './chain/index.js'
export * from './eip712/index.js'
export * from './envelope/index.js'
export {
  BaseError,
  type BaseErrorParameters,
  errorCode,
  formatIssues,
  isLicenError,
  parseJsonOrThrow,
  type ValidationIssue,
} from './errors.js'
export * from './events/index.js'
export * from './examples/index.js'
export * from './lcn1/index.js'
export * from './log/index.js'
export * from './manifest/index.js'
export * from './networks/index.js'
export { fetchProviderJob } from './provider/fetchProviderJob.js'
export { ProviderClientError, type ProviderClientErrorCode } from './provider/ProviderClientError.js'
export {
  PROVIDER_JOB_MAX_BYTES,
  PROVIDER_JOB_MAX_RECEIPTS,
  PROVIDER_JOB_STATES,
  type ProviderJob,
} from './provider/providerSchemas.js'
export * from './publish/index.js'
export {
  PROVIDER_REQUEST_DOMAIN,
  PROVIDER_REQUEST_MAX_SKEW_SECONDS,
  providerRequestHeaderNames,
} from './requestAuth/constants.js'
export { createReplayGuard, type ReplayGuard } from './requestAuth/createReplayGuard.js'
export { providerRequestMessage } from './requestAuth/providerRequestMessage.js'
export { RequestAuthError, type RequestAuthErrorCode } from './requestAuth/RequestAuthError.js'
export { type ProviderRequestHeaders, signProviderRequest } from './requestAuth/signProviderRequest.js'
export { verifyProviderRequest } from './requestAuth/verifyProviderRequest.js'
export * from './result/index.js'
export * from './resultKey/index.js'
export * from './storage/index.js'
export * from './zgRoot/index.js'
