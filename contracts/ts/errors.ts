/** Stable codes of the errors @licen/contracts throws. */
export type ContractsErrorCode =
  | 'ANVIL_EXITED'
  | 'ANVIL_INVALID_OPTIONS'
  | 'ANVIL_TIMEOUT'
  | 'DEPLOYMENT_REVERTED'
  | 'DEPLOYMENT_WRITE_FAILED'

/** Parameters every @licen/contracts error accepts. */
export type ContractsErrorParameters = {
  code: ContractsErrorCode
  /** Extra detail for people; never a key or a full RPC URL. */
  details?: string | undefined
  cause?: unknown
}

/** Root of every error thrown by @licen/contracts: a short message, a stable code, optional details and cause. */
export class ContractsError extends Error {
  override name = 'ContractsError'
  readonly code: ContractsErrorCode
  readonly shortMessage: string
  readonly details: string | undefined

  constructor(shortMessage: string, { code, details, cause }: ContractsErrorParameters) {
    super(
      details ? `${shortMessage}\n\nDetails: ${details}` : shortMessage,
      cause === undefined ? {} : { cause },
    )
    this.code = code
    this.shortMessage = shortMessage
    this.details = details
  }
}
