// `@licen/errors/testing` (test scaffolding): how tests read a refusal in one exact string.
import { BaseError } from './BaseError.js'

/**
 * Settles `promise` into what a test asserts: `'no error'` when it resolves, `CODE: short message details` (no
 * trailing space without details) when it rejects with a {@link BaseError}, and any other rejection as it is.
 */
export function failureText(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'no error',
    (error: unknown) =>
      error instanceof BaseError
        ? `${error.code}: ${error.shortMessage} ${error.details ?? ''}`.trim()
        : error,
  )
}
