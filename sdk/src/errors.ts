/** Parameters every @licen/sdk error accepts. */
export type BaseErrorParameters = {
  /** Stable, UPPER_SNAKE code that callers switch on. */
  code: string
  /** Extra detail for people; never a key, plaintext or full RPC URL. */
  details?: string | undefined
  cause?: unknown
}

/** Root of every error thrown by @licen/sdk: a short message, a stable code, optional details and cause. */
export class BaseError extends Error {
  override name = 'LicenError'
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
