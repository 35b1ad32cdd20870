import { BaseError, type BaseErrorParameters } from '@licen/errors'

/** Stable codes the storage node answers with (JSON `{code, message}`). */
export type StorageNodeErrorCode =
  | 'STORAGE_INVALID_ROOT'
  | 'STORAGE_NOT_FOUND'
  | 'STORAGE_TOO_LARGE'
  | 'STORAGE_EMPTY'
  | 'STORAGE_ROOT_MISMATCH'
  | 'STORAGE_METHOD_NOT_ALLOWED'
  | 'STORAGE_INTERNAL'
  /** The upload token is missing or wrong. */
  | 'STORAGE_UNAUTHORIZED'
  /** The upload would take the node past its total quota. */
  | 'STORAGE_QUOTA_EXCEEDED'
  /** The upload body arrived slower than the minimum rate (or stopped). */
  | 'STORAGE_TIMEOUT'
  /** As many uploads as the node allows are already running. */
  | 'STORAGE_BUSY'
  /** The node's own settings are unusable (it refuses to start; never an HTTP answer). */
  | 'STORAGE_CONFIG_INVALID'

const STATUS: Record<StorageNodeErrorCode, number> = {
  STORAGE_INVALID_ROOT: 400,
  STORAGE_NOT_FOUND: 404,
  STORAGE_TOO_LARGE: 413,
  STORAGE_EMPTY: 400,
  STORAGE_ROOT_MISMATCH: 422,
  STORAGE_METHOD_NOT_ALLOWED: 405,
  STORAGE_INTERNAL: 500,
  STORAGE_UNAUTHORIZED: 401,
  STORAGE_QUOTA_EXCEEDED: 413,
  STORAGE_TIMEOUT: 408,
  STORAGE_BUSY: 503,
  STORAGE_CONFIG_INVALID: 500,
}

/** Parameters of {@link StorageNodeError}: the sdk's error parameters with the storage node's codes. */
export type StorageNodeErrorParameters = BaseErrorParameters & { code: StorageNodeErrorCode }

/** A request the storage node refuses, with its HTTP status and stable code. */
export class StorageNodeError extends BaseError {
  override name = 'StorageNodeError'
  declare readonly code: StorageNodeErrorCode
  readonly status: number

  constructor(shortMessage: string, parameters: StorageNodeErrorParameters) {
    super(shortMessage, parameters)
    this.status = STATUS[parameters.code]
  }
}
