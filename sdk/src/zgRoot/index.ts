// `@licen/sdk/zg-root`: the 0G Storage Merkle root, streaming and with workers.
export { CHUNK_SIZE as ZG_CHUNK_SIZE, SEGMENT_SIZE as ZG_SEGMENT_SIZE } from './constants.js'
export {
  type CreateZgRootHasherParameters,
  createZgRootHasher,
  defaultRootWorkers,
  type ZgRootDigest,
  type ZgRootHasher,
  type ZgRootResult,
  type ZgSubmissionNode,
} from './createZgRootHasher.js'
export { paddedChunkCount } from './paddedChunkCount.js'
export { ZgRootError, type ZgRootErrorCode } from './ZgRootError.js'
export { type ZgRootParameters, type ZgRootSource, zgRoot } from './zgRoot.js'
