import {
  BaseError as LicenBaseError,
  type BaseErrorParameters as LicenBaseErrorParameters,
} from '@licen/errors'

/** Every code an @licen/indexer error can carry. */
export type IndexerErrorCode =
  | 'INVALID_CONFIG'
  | 'DEPLOYMENT_FILE_UNREADABLE'
  | 'DEPLOYMENT_FILE_INVALID'
  | 'DEPLOYMENT_ABI_MISMATCH'
  | 'DEPLOYMENT_NOT_ON_CHAIN'
  | 'CHAIN_MISMATCH'
  | 'RPC_UNREACHABLE'
  | 'PONDER_NOT_INSTALLED'
  | 'INDEXER_EXITED'
  | 'INDEXER_START_TIMEOUT'
  | 'INCONSISTENT_STATE'
  | 'GRAPHQL_HTTP_ERROR'
  | 'GRAPHQL_ERROR'
  | 'GRAPHQL_TIMEOUT'
  | 'GRAPHQL_RESPONSE_TOO_LARGE'
  | 'GRAPHQL_INVALID_RESPONSE'
  | 'WAIT_TIMEOUT'

/** Parameters every @licen/indexer error accepts. */
export type BaseErrorParameters = LicenBaseErrorParameters<IndexerErrorCode>

/**
 * Root of every error thrown by @licen/indexer: LICEN's one `BaseError` (from `@licen/errors`, which the indexer
 * needs without the whole sdk) with this package's codes.
 */
export class BaseError extends LicenBaseError<IndexerErrorCode> {
  override name = 'IndexerError'
}

/** Configuration (environment, parameters) is missing or out of range. */
export class ConfigError extends BaseError {
  override name = 'ConfigError'
}

/** The deployments file is unreadable, malformed, or does not match the ABI or the chain. */
export class DeploymentError extends BaseError {
  override name = 'DeploymentError'
}

/** The Ponder child process could not start, died, or did not become ready in time. */
export class IndexerProcessError extends BaseError {
  override name = 'IndexerProcessError'
}

/** An event refers to state the indexer does not hold: the indexed history is incomplete or corrupt. */
export class InconsistentStateError extends BaseError {
  override name = 'InconsistentStateError'
}

/** A GraphQL request failed: HTTP status, GraphQL errors, timeout, or an oversized or malformed answer. */
export class GraphqlRequestError extends BaseError {
  override name = 'GraphqlRequestError'
}
