import { describe, expect, test } from 'vitest'
import { BaseError } from './BaseError.js'
import { formatIssues, parseOrThrow, type SafeParser } from './formatIssues.js'

const issue = (path: PropertyKey[], message = 'Invalid input') => ({ path, message })

describe('formatIssues', () => {
  test('default: dotted paths, (root) for an empty one, joined by "; "', () => {
    expect(
      formatIssues({
        issues: [issue(['data', 'fields', 0, 'name'], 'Required'), issue([], 'Expected object')],
      }),
    ).toBe('data.fields.0.name: Required; (root): Expected object')
  })

  test('args: at most `max` issues (default 10)', () => {
    const many = { issues: Array.from({ length: 12 }, (_, i) => issue([`k${i}`])) }
    expect(formatIssues(many).split('; ')).toHaveLength(10)
    expect(formatIssues(many, 2)).toBe('k0: Invalid input; k1: Invalid input')
    expect(formatIssues({ issues: [] })).toBe('')
  })
})

describe('parseOrThrow', () => {
  // A schema as zod's safeParse answers: sizes must be whole numbers.
  const schema: SafeParser<{ size: number }> = {
    safeParse: (value) => {
      const size = (value as { size: number }).size
      return Number.isInteger(size)
        ? { success: true, data: { size } }
        : { success: false, error: { issues: [{ path: ['size'], message: 'Expected an integer' }] } }
    },
  }
  const refusal = (details: string) =>
    new BaseError('The thing is invalid.', { code: 'THING_INVALID', details })

  test('default: the parsed value', () => {
    expect(parseOrThrow(schema, { size: 1 }, refusal)).toEqual({ size: 1 })
  })

  test('error: the refusal built from the formatted issues', () => {
    expect(() => parseOrThrow(schema, { size: 1.5 }, refusal)).toThrowError(
      expect.objectContaining({
        code: 'THING_INVALID',
        details: 'size: Expected an integer',
      }),
    )
  })
})
