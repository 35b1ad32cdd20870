import { BaseError } from '../errors.js'

/** Stable codes of 0G root errors. */
export type ZgRootErrorCode =
  | 'ZG_ROOT_EMPTY_INPUT'
  | 'ZG_ROOT_FINISHED'
  | 'ZG_ROOT_ABORTED'
  | 'ZG_ROOT_WORKER_FAILED'
  | 'ZG_ROOT_TOO_LARGE'

/** Raised when a 0G root cannot be computed. */
export class ZgRootError extends BaseError<ZgRootErrorCode> {
  override name = 'ZgRootError'
}
