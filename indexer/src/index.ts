export {
  type DatabaseSettings,
  defaultPollingIntervalMs,
  type PonderSettings,
  parsePonderEnv,
  parseStartEnv,
  type StartSettings,
} from './config.js'
export { type Deployment, parseDeployment, readDeploymentFile } from './deployment.js'
export {
  BaseError,
  type BaseErrorParameters,
  ConfigError,
  DeploymentError,
  GraphqlRequestError,
  InconsistentStateError,
  type IndexerErrorCode,
  IndexerProcessError,
} from './errors.js'
export { type GraphqlRequestParameters, graphqlRequest } from './graphqlRequest.js'
export { applyEvent, eventHandlers, eventNames } from './handlers/applyEvent.js'
export { createMemoryStore, type MemoryStore } from './handlers/memoryStore.js'
export type {
  DataPolicyEvent,
  DataPolicyEventArgs,
  DataPolicyEventName,
  EventMeta,
  Rows,
  Store,
  TableName,
} from './handlers/types.js'
export { type Indexer, type StartIndexerParameters, startIndexer } from './startIndexer.js'
export { type VerifyDeploymentParameters, verifyDeployment } from './verifyDeployment.js'
export {
  indexedBlock,
  type WaitForIndexedBlockParameters,
  waitForIndexedBlock,
} from './waitForIndexedBlock.js'
