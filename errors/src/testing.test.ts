import { describe, expect, test } from 'vitest'
import { BaseError } from './BaseError.js'
import { failureText, rejection, thrown } from './testing.js'

describe('failureText', () => {
  test('default: a resolved promise is no error', async () => {
    expect(await failureText(Promise.resolve(7))).toBe('no error')
  })

  test('behavior: a BaseError is its code, short message and details; without details no trailing space', async () => {
    const refused = new BaseError('Refused.', { code: 'EXAMPLE_REFUSED', details: 'key 4' })
    expect(await failureText(Promise.reject(refused))).toBe('EXAMPLE_REFUSED: Refused. key 4')
    const bare = new BaseError('Refused.', { code: 'EXAMPLE_REFUSED' })
    expect(await failureText(Promise.reject(bare))).toBe('EXAMPLE_REFUSED: Refused.')
  })

  test('behavior: any other rejection is returned as it is', async () => {
    const other = new TypeError('not a licen error')
    expect(await failureText(Promise.reject(other))).toBe(other)
  })
})

describe('rejection', () => {
  class ExampleError extends BaseError {
    override name = 'ExampleError'
  }

  test('default: the BaseError the promise rejects with', async () => {
    const refused = new BaseError('Refused.', { code: 'EXAMPLE_REFUSED' })
    expect(await rejection(Promise.reject(refused))).toBe(refused)
  })

  test('args: a subclass to expect', async () => {
    const refused = new ExampleError('Refused.', { code: 'EXAMPLE_REFUSED' })
    const error: ExampleError = await rejection(Promise.reject(refused), ExampleError)
    expect(error).toBe(refused)
  })

  test('error: a promise that resolves, or rejects with another error, fails with what it got', async () => {
    await expect(rejection(Promise.resolve(7))).rejects.toThrowError('expected a BaseError, got undefined')
    const other = new BaseError('Other.', { code: 'OTHER' })
    await expect(rejection(Promise.reject(other), ExampleError)).rejects.toThrowError(
      'expected a ExampleError, got LicenError: Other.',
    )
  })
})

describe('thrown', () => {
  test('default: the BaseError the function throws', () => {
    const refused = new BaseError('Refused.', { code: 'EXAMPLE_REFUSED' })
    expect(
      thrown(() => {
        throw refused
      }),
    ).toBe(refused)
  })

  test('error: a function that returns, or throws another error, fails with what it got', () => {
    expect(() => thrown(() => 7)).toThrowError('expected a BaseError, got undefined')
    expect(() =>
      thrown(() => {
        throw new TypeError('plain')
      }),
    ).toThrowError('expected a BaseError, got TypeError: plain')
  })
})
