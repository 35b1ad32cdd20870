import { describe, expect, test } from 'vitest'
import { BaseError, isLicenError } from '../errors.js'
import { StorageError } from './StorageError.js'

// The constructor, message and cause are BaseError's (tested in @licen/errors); this class adds its name and codes.
describe('StorageError', () => {
  test('default: a LICEN BaseError named StorageError with a storage code', () => {
    const error = new StorageError('An upload needs at least one byte.', { code: 'STORAGE_EMPTY' })
    expect([error.name, error.code, error.message]).toEqual([
      'StorageError',
      'STORAGE_EMPTY',
      'An upload needs at least one byte.',
    ])
    expect(error).toBeInstanceOf(BaseError)
    expect(isLicenError(error)).toBe(true)
  })
})
