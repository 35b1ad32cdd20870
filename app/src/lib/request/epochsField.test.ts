import { describe, expect, test } from 'vitest'
import { epochsFieldError } from './epochsField.js'

describe('epochsFieldError', () => {
  test('default: a whole number in range is valid', () => {
    expect([1, 3, 5].map((n) => epochsFieldError(n, 5))).toEqual([undefined, undefined, undefined])
  })
  test('error: 2.5, a cleared field and out-of-range numbers are field errors, not exceptions', () => {
    expect(epochsFieldError(2.5, 5)).toBe(
      '2.5 is not a whole number. Enter a whole number of epochs from 1 to 5.',
    )
    expect(epochsFieldError(null, 5)).toBe(
      'The number of epochs is empty. Enter a whole number of epochs from 1 to 5.',
    )
    expect(epochsFieldError(undefined, 5)).toBe(
      'The number of epochs is empty. Enter a whole number of epochs from 1 to 5.',
    )
    expect(epochsFieldError(Number.NaN, 5)).toBe(
      'The number of epochs is empty. Enter a whole number of epochs from 1 to 5.',
    )
    expect(epochsFieldError(0, 5)).toBe('0 is outside the range. Enter a whole number of epochs from 1 to 5.')
    expect(epochsFieldError(6, 5)).toBe('6 is outside the range. Enter a whole number of epochs from 1 to 5.')
  })
})
