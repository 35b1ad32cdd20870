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

/**
 * The error `promise` rejects with, checked to be a `type` (default {@link BaseError}); a promise that resolves, or
 * rejects with anything else, fails the test with `expected a <type>, got <what it got>`.
 */
export async function rejection<E extends Error = BaseError>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E = BaseError as unknown as abstract new (
    ...args: never[]
  ) => E,
): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof type)) throw new Error(`expected a ${type.name}, got ${String(error)}`)
  return error
}

/** {@link rejection} for a synchronous `fn`: the error it throws, checked to be a `type` (default {@link BaseError}). */
export function thrown<E extends Error = BaseError>(
  fn: () => unknown,
  type: abstract new (...args: never[]) => E = BaseError as unknown as abstract new (
    ...args: never[]
  ) => E,
): E {
  let error: unknown
  try {
    fn()
  } catch (e) {
    error = e
  }
  if (!(error instanceof type)) throw new Error(`expected a ${type.name}, got ${String(error)}`)
  return error
}
