import { BaseError, type BaseErrorParameters } from '@licen/errors'

/** Stable codes of the errors @licen/contracts throws. */
export type ContractsErrorCode =
  | 'ANVIL_EXITED'
  | 'ANVIL_INVALID_OPTIONS'
  | 'ANVIL_TIMEOUT'
  | 'DEPLOY_CHAIN_MISMATCH'
  | 'DEPLOY_FAILED'
  | 'DEPLOY_RPC_UNAVAILABLE'
  | 'DEPLOY_USAGE'
  | 'DEPLOYMENT_REVERTED'
  | 'DEPLOYMENT_WRITE_FAILED'

/** Parameters every @licen/contracts error accepts. */
export type ContractsErrorParameters = BaseErrorParameters<ContractsErrorCode>

/**
 * Root of every error thrown by @licen/contracts: LICEN's one `BaseError` with this package's codes. It comes from
 * `@licen/errors`, not from the sdk, because the sdk imports this package (its ABI).
 */
export class ContractsError extends BaseError<ContractsErrorCode> {
  override name = 'ContractsError'
}
