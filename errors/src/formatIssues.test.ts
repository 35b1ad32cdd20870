import { describe, expect, test } from 'vitest'
import { formatIssues } from './formatIssues.js'

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
