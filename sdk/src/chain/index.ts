// `@licen/sdk/chain`: DataPolicy reads and writes, job states and revert decoding.
export { DataPolicyError, type DataPolicyErrorCode } from './DataPolicyError.js'
export {
  type DataPolicyErrorName,
  type DataPolicyRevertCode,
  dataPolicyErrorCodes,
} from './dataPolicyErrorCodes.js'
export { decodeDataPolicyError } from './decodeDataPolicyError.js'
export { type JobEscrowParameters, jobEscrow } from './jobEscrow.js'
export {
  FINAL_JOB_STATES,
  type FinalJobStateName,
  isFinalJobState,
  JOB_STATES,
  type JobStateName,
} from './jobState.js'
export { type ProviderRegisteredEvent, parseProviderRegistered } from './parseProviderRegistered.js'
export { type PolicyRoleName, policyRoleName, policyRoleValue } from './policyRole.js'
export { type AccessGrantedEvent, readAccessGranted } from './readAccessGranted.js'
export { type DataPolicyAttestationPolicy, readAttestationPolicy } from './readAttestationPolicy.js'
export { type DataPolicyDataset, readDataset } from './readDataset.js'
export { type DataPolicyJob, readJob } from './readJob.js'
export { type EventPosition, type JobEvents, readJobEvents } from './readJobEvents.js'
export { type DataPolicyProvider, readProvider } from './readProvider.js'
export { type DataPolicyReleaseKey, readCurrentReleaseKey, readReleaseKey } from './readReleaseKey.js'
export { RELEASE_KEY_STATUSES, type ReleaseKeyStatusName } from './releaseKeyStatus.js'
export {
  type RequestAccessParameters,
  type RequestAccessReturnType,
  requestAccess,
} from './requestAccess.js'
export type { Dataset, Job, Policy, Provider, ReleaseKey } from './types.js'
export { type WaitForJobStateParameters, waitForJobState } from './waitForJobState.js'
export {
  type DataPolicyWriteName,
  gasWithHeadroom,
  type WriteDataPolicyParameters,
  writeDataPolicy,
} from './writeDataPolicy.js'
