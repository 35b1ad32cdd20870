/**
 * Marks every LICEN error. A registered symbol (`Symbol.for`), so that `isLicenError` also recognises errors of
 * another copy of this module (two installed versions, a bundle and its host), where `instanceof` does not.
 */
const licenErrorBrand: unique symbol = Symbol.for('licen.BaseError') as never

/** Causes `walk` follows at most: a cause chain is data, and data may loop or be built to be endless. */
const maxWalkDepth = 64

/** Parameters every LICEN error accepts. */
export type BaseErrorParameters<code extends string | number = string> = {
  /** Stable, UPPER_SNAKE code that callers switch on. */
  code: code
  /** Extra detail for people; never a key, plaintext, dataset content or a full RPC or database URL. */
  details?: string | undefined
  cause?: unknown
}

/**
 * Root of every error LICEN throws, in every package (the one class that extends `Error`): a short message, a
 * stable code, optional details and cause. Each package subclasses it, narrows `code` to its own union
 * (`declare readonly code: XCode`) and sets its own `name`.
 *
 * `code` is an UPPER_SNAKE string for LICEN's own errors. It is a type parameter only so that a wire error that
 * must carry another protocol's code can still be a subclass: the app's EIP-1193 `ProviderRpcError` carries the
 * numeric code that wallets and viem switch on. Such errors are not LICEN-coded: `isLicenError` is false for them.
 */
export class BaseError<code extends string | number = string> extends Error {
  override name = 'LicenError'
  readonly code: code
  readonly shortMessage: string
  readonly details: string | undefined

  constructor(shortMessage: string, { code, details, cause }: BaseErrorParameters<code>) {
    super(
      details ? `${shortMessage}\n\nDetails: ${details}` : shortMessage,
      cause === undefined ? {} : { cause },
    )
    this.code = code
    this.shortMessage = shortMessage
    this.details = details
  }

  /** The brand `isLicenError` reads; on the prototype, so it is not an own property of any error. */
  get [licenErrorBrand](): true {
    return true
  }

  /** Follows the cause chain from this error and returns the deepest cause (this error when it has none). */
  walk(): unknown
  /** Follows the cause chain from this error and returns the first error `fn` accepts, or `null`. */
  walk<matched>(fn: (error: unknown) => error is matched): matched | null
  walk(fn: (error: unknown) => boolean): unknown
  walk(fn?: (error: unknown) => boolean): unknown {
    return walk(this, fn)
  }
}

function walk(error: unknown, fn: ((error: unknown) => boolean) | undefined): unknown {
  const seen = new Set<unknown>()
  let current = error
  for (let depth = 0; ; depth++) {
    if (fn?.(current)) return current
    seen.add(current)
    const cause =
      typeof current === 'object' && current !== null && 'cause' in current ? current.cause : undefined
    if (cause === undefined || seen.has(cause) || depth + 1 >= maxWalkDepth) return fn ? null : current
    current = cause
  }
}

/**
 * Whether `error` is a LICEN error with a stable string code, from any package and any copy of this module
 * (checked by brand, not only by `instanceof`).
 */
export function isLicenError(error: unknown): error is BaseError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { [licenErrorBrand]?: unknown })[licenErrorBrand] === true &&
    typeof (error as { code?: unknown }).code === 'string'
  )
}

/** The stable code of a LICEN error, or `fallback` for anything else (foreign errors, non-errors). */
export function errorCode(error: unknown, fallback = 'INTERNAL_ERROR'): string {
  return isLicenError(error) ? error.code : fallback
}
