export { StorageNodeError, type StorageNodeErrorCode } from './StorageNodeError.js'
export { type StartStorageNodeParameters, type StorageNode, startStorageNode } from './startStorageNode.js'
