export { StorageNodeError, type StorageNodeErrorCode } from './StorageNodeError.js'
export {
  isLoopbackHost,
  STORAGE_NODE_DEFAULTS,
  type StartStorageNodeParameters,
  type StorageNode,
  startStorageNode,
} from './startStorageNode.js'
export { type StorageNodeEnvSettings, storageNodeEnv } from './storageNodeEnv.js'
