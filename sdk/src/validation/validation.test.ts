import { describe, expect, test } from 'vitest'
import { z } from './index.js'

describe('z (zod/mini with English messages)', () => {
  test('issues read as classic zod writes them, not "Invalid input"', () => {
    const schema = z.strictObject({
      size: z.int().check(z.minimum(1)),
      name: z.string().check(z.maxLength(3)),
    })
    const parsed = schema.safeParse({ size: 0, name: 'four', extra: true })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['size', 'Too small: expected number to be >=1'],
      ['name', 'Too big: expected string to have <=3 characters'],
      ['', 'Unrecognized key: "extra"'],
    ])
  })

  test('a wrong type names what was expected and what came', () => {
    expect(z.int().safeParse('7').error?.issues[0]?.message).toBe(
      'Invalid input: expected number, received string',
    )
  })
})
