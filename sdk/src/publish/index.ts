// `@licen/sdk/publish`: encrypt, root, upload and register a dataset.
export {
  type BuildDatasetManifestParameters,
  buildDatasetManifest,
  type DatasetDetails,
  datasetOwner,
} from './buildDatasetManifest.js'
export {
  type CommitDatasetRootParameters,
  commitDatasetRoot,
  readCommitmentBlock,
  waitForCommitmentAge,
} from './commitDatasetRoot.js'
export {
  type CreateEncryptRootStreamParameters,
  createEncryptRootStream,
  type EncryptRootStream,
} from './createEncryptRootStream.js'
export { createRootTap, type RootTap } from './createRootTap.js'
export { datasetCommitment } from './datasetCommitment.js'
export { type EncryptAndRootParameters, encryptAndRoot } from './encryptAndRoot.js'
export { PublishError, type PublishErrorCode } from './PublishError.js'
export {
  type PublishDatasetParameters,
  type PublishDatasetReturnType,
  type PublishStage,
  publishDataset,
} from './publishDataset.js'
export { ResealError, type ResealErrorCode } from './ResealError.js'
export {
  type RegisterPublishedDatasetParameters,
  type RegisterPublishedDatasetReturnType,
  registerPublishedDataset,
} from './registerPublishedDataset.js'
export { releaseKeyPointProblem } from './releaseKeyPoint.js'
export {
  type ResealDatasetParameters,
  type ResealDatasetReturnType,
  resealDataset,
} from './resealDataset.js'
export {
  type AttestedReleaseKey,
  type AttestReleaseKey,
  type ResolveReleaseKeyParameters,
  resolveReleaseKey,
} from './resolveReleaseKey.js'
