// `@licen/sdk/storage`: storage adapters (local node, 0G) and the verified download stream.
export { type CreateLocalStorageParameters, createLocalStorage } from './createLocalStorage.js'
export { type CreateVerifiedStreamParameters, createVerifiedStream } from './createVerifiedStream.js'
export { StorageError, type StorageErrorCode } from './StorageError.js'
export type {
  DownloadOptions,
  StorageAdapter,
  StorageProgress,
  UploadOptions,
  UploadResult,
  UploadSource,
} from './types.js'
export { type CreateZerogStorageParameters, createZerogStorage } from './zerog/createZerogStorage.js'
export { zgFlowAbi, zgMarketAbi } from './zerog/flowAbi.js'
export { readPricePerSector } from './zerog/readPricePerSector.js'
export { encodeFlowSubmit, submitToFlow } from './zerog/submitToFlow.js'
export {
  type ZerogFileInfo,
  type ZerogNodeEntry,
  type ZerogShardConfig,
  zerogFileInfo,
  zerogFileLocations,
  zerogSelectNodes,
} from './zerog/zerogNetwork.js'
export {
  type ZerogNetworkName,
  type ZerogNetworkPreset,
  zerogNetworks,
} from './zerog/zerogNetworks.js'
export {
  type ZerogPreflightParameters,
  type ZerogPreflightStep,
  zerogPreflight,
} from './zerog/zerogPreflight.js'
export { ZerogRpcError, zerogRpc } from './zerog/zerogRpc.js'
export { zgSegmentTree } from './zerog/zgSegmentTree.js'
export { type ZgSubmission, zgStorageFee, zgSubmission } from './zerog/zgSubmission.js'
