export {
  type StartStorageNodeParameters,
  type StorageNode,
  startStorageNode,
} from './storage/startStorageNode.js'
