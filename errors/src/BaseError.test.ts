import { describe, expect, test } from 'vitest'
import { BaseError, errorCode, isLicenError } from './BaseError.js'

class ExampleError extends BaseError {
  override name = 'ExampleError'
  declare readonly code: 'EXAMPLE_FAILED' | 'EXAMPLE_REFUSED'
}

class WireError extends BaseError<number> {
  override name = 'WireError'
}

describe('BaseError', () => {
  test('default', () => {
    const error = new BaseError('Something failed', { code: 'SOMETHING_FAILED' })
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('LicenError')
    expect(error.code).toBe('SOMETHING_FAILED')
    expect(error.shortMessage).toBe('Something failed')
    expect(error.details).toBe(undefined)
    expect(error.message).toBe('Something failed')
    expect('cause' in error).toBe(false)
    expect(Object.getOwnPropertySymbols(error)).toEqual([])
  })

  test('args: details and cause', () => {
    const cause = new Error('socket closed')
    const error = new ExampleError('Example failed', {
      code: 'EXAMPLE_FAILED',
      details: 'after 3 tries',
      cause,
    })
    expect(error.name).toBe('ExampleError')
    expect(error.code).toBe('EXAMPLE_FAILED')
    expect(error.details).toBe('after 3 tries')
    expect(error.message).toBe('Example failed\n\nDetails: after 3 tries')
    expect(error.cause).toBe(cause)
    expect(error).toBeInstanceOf(BaseError)
  })

  test('behavior: walk without a predicate returns the deepest cause', () => {
    const root = new Error('root')
    const middle = new Error('middle', { cause: root })
    const error = new BaseError('top', { code: 'TOP', cause: middle })
    expect(error.walk()).toBe(root)
    const alone = new BaseError('alone', { code: 'ALONE' })
    expect(alone.walk()).toBe(alone)
    const withString = new BaseError('top', { code: 'TOP', cause: 'text cause' })
    expect(withString.walk()).toBe('text cause')
  })

  test('behavior: walk with a predicate returns the first match or null', () => {
    const inner = new ExampleError('inner', { code: 'EXAMPLE_REFUSED' })
    const middle = new ExampleError('middle', { code: 'EXAMPLE_FAILED', cause: inner })
    const error = new BaseError('top', { code: 'TOP', cause: middle })
    expect(error.walk((e) => e instanceof ExampleError)).toBe(middle)
    expect(error.walk((e) => isLicenError(e) && e.code === 'EXAMPLE_REFUSED')).toBe(inner)
    expect(error.walk((e) => e === error)).toBe(error)
    expect(error.walk(() => false)).toBe(null)
  })

  test('behavior: walk stops on a cause cycle and on an endless chain', () => {
    const a = new Error('a')
    const b = new Error('b', { cause: a })
    ;(a as { cause?: unknown }).cause = b
    const error = new BaseError('top', { code: 'TOP', cause: a })
    expect(error.walk()).toBe(b)
    expect(error.walk(() => false)).toBe(null)

    const link = (): object => ({
      get cause() {
        return link()
      },
    })
    const endless = link()
    let visited = 0
    const deep = new BaseError('deep', { code: 'DEEP', cause: endless })
    expect(
      deep.walk(() => {
        visited++
        return false
      }),
    ).toBe(null)
    expect(visited).toBe(64)
  })

  test('behavior: a numeric wire code', () => {
    const error = new WireError('Unauthorized', { code: 4100 })
    expect(error.code).toBe(4100)
    expect(error).toBeInstanceOf(BaseError)
    expect(isLicenError(error)).toBe(false)
    expect(errorCode(error)).toBe('INTERNAL_ERROR')
  })
})

describe('isLicenError', () => {
  test('default', () => {
    expect(isLicenError(new BaseError('x', { code: 'X' }))).toBe(true)
    expect(isLicenError(new ExampleError('x', { code: 'EXAMPLE_FAILED' }))).toBe(true)
  })

  test('behavior: recognises an error of another copy of the module by its brand', () => {
    const foreignCopy = Object.create(
      Object.defineProperty({}, Symbol.for('licen.BaseError'), { get: () => true }),
    ) as object
    Object.assign(foreignCopy, { code: 'OTHER_COPY', shortMessage: 'from another copy' })
    expect(foreignCopy instanceof BaseError).toBe(false)
    expect(isLicenError(foreignCopy)).toBe(true)
    expect(errorCode(foreignCopy)).toBe('OTHER_COPY')
  })

  test('behavior: foreign errors and other values are not LICEN errors', () => {
    const lookalike = Object.assign(new Error('x'), { code: 'ECONNREFUSED', shortMessage: 'x' })
    expect(isLicenError(lookalike)).toBe(false)
    expect(isLicenError(new Error('x'))).toBe(false)
    expect(isLicenError({ code: 'X' })).toBe(false)
    expect(isLicenError('X')).toBe(false)
    expect(isLicenError(null)).toBe(false)
    expect(isLicenError(undefined)).toBe(false)
  })
})

describe('errorCode', () => {
  test('default', () => {
    expect(errorCode(new ExampleError('x', { code: 'EXAMPLE_REFUSED' }))).toBe('EXAMPLE_REFUSED')
    expect(errorCode(new Error('x'))).toBe('INTERNAL_ERROR')
    expect(errorCode(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe('INTERNAL_ERROR')
    expect(errorCode(undefined)).toBe('INTERNAL_ERROR')
  })

  test('args: fallback', () => {
    expect(errorCode(new Error('x'), 'UNKNOWN')).toBe('UNKNOWN')
    expect(errorCode(new BaseError('x', { code: 'KNOWN' }), 'UNKNOWN')).toBe('KNOWN')
  })
})
