/** Parameters every @licen/provider-node error accepts. */
export type BaseErrorParameters = {
  /** Stable, UPPER_SNAKE code that callers and logs switch on. */
  code: string
  /** Extra detail for people; never a key, dataset content or a full URL. */
  details?: string | undefined
  cause?: unknown
}

/** Root of every error thrown by @licen/provider-node: a short message, a stable code, optional details and cause. */
export class BaseError extends Error {
  override name = 'ProviderNodeError'
  readonly code: string
  readonly shortMessage: string
  readonly details: string | undefined

  constructor(shortMessage: string, { code, details, cause }: BaseErrorParameters) {
    super(
      details ? `${shortMessage}\n\nDetails: ${details}` : shortMessage,
      cause === undefined ? {} : { cause },
    )
    this.code = code
    this.shortMessage = shortMessage
    this.details = details
  }
}
