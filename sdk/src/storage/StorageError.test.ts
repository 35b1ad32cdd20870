import { describe, expect, test } from 'vitest'
import { isLicenError } from '../errors.js'
import { StorageError } from './StorageError.js'

describe('StorageError', () => {
  test('default: the BaseError shape (shortMessage, { code, details, cause })', () => {
    const cause = new Error('socket hang up')
    const error = new StorageError('The storage node could not be reached.', {
      code: 'STORAGE_UNAVAILABLE',
      details: 'GET /objects',
      cause,
    })
    expect(error).toMatchObject({
      name: 'StorageError',
      code: 'STORAGE_UNAVAILABLE',
      shortMessage: 'The storage node could not be reached.',
      details: 'GET /objects',
      message: 'The storage node could not be reached.\n\nDetails: GET /objects',
    })
    expect(error.cause).toBe(cause)
    expect(isLicenError(error)).toBe(true)
  })

  test('args: code only', () => {
    const error = new StorageError('An upload needs at least one byte.', { code: 'STORAGE_EMPTY' })
    expect([error.code, error.message, error.details, 'cause' in error]).toEqual([
      'STORAGE_EMPTY',
      'An upload needs at least one byte.',
      undefined,
      false,
    ])
  })
})
