// `@licen/sdk/envelope`: ECIES envelopes for dataset, job and result keys.
export {
  DATASET_KEY_DOMAIN,
  DATASET_OWNER_KEY_DOMAIN,
  ENVELOPE_MAX_SIZE,
  JOB_KEY_DOMAIN,
  RESULT_KEY_DOMAIN,
} from './constants.js'
export {
  type OpenDatasetKeyParameters,
  openDatasetKey,
  type SealDatasetKeyParameters,
  sealDatasetKey,
} from './datasetKey.js'
export { EnvelopeError, type EnvelopeErrorCode } from './EnvelopeError.js'
export { type JobKeyContext, openJobKey, sealJobKey } from './jobKey.js'
export {
  type OpenOwnerDatasetKeyParameters,
  openOwnerDatasetKey,
  type SealOwnerDatasetKeyParameters,
  sealOwnerDatasetKey,
} from './ownerDatasetKey.js'
export { openResultKey, type ResultKeyContext, sealResultKey } from './resultKey.js'
export type { EnvelopePublicKey } from './sealEnvelope.js'
