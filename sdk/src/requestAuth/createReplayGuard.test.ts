import { describe, expect, test } from 'vitest'
import { createReplayGuard } from './createReplayGuard.js'

describe('createReplayGuard', () => {
  test('default', () => {
    const guard = createReplayGuard()
    guard.consume('a', 160, 100)
    expect(guard.size).toBe(1)
    expect(() => guard.consume('a', 160, 120)).toThrowError(
      expect.objectContaining({ code: 'REQUEST_AUTH_REPLAYED' }),
    )
  })

  test('behavior: an expired entry may be used again', () => {
    const guard = createReplayGuard()
    guard.consume('a', 160, 100)
    guard.consume('a', 260, 161)
    expect(guard.size).toBe(1)
  })

  test('behavior: a full guard prunes expired entries first', () => {
    const guard = createReplayGuard({ maxEntries: 2 })
    guard.consume('a', 110, 100)
    guard.consume('b', 200, 100)
    guard.consume('c', 300, 150)
    expect(guard.size).toBe(2)
  })

  test('error: full of unexpired entries', () => {
    const guard = createReplayGuard({ maxEntries: 2 })
    guard.consume('a', 200, 100)
    guard.consume('b', 200, 100)
    expect(() => guard.consume('c', 200, 100)).toThrowError(
      expect.objectContaining({ code: 'REQUEST_AUTH_BUSY' }),
    )
  })

  test('error: args: maxEntries 0', () => {
    expect(() => createReplayGuard({ maxEntries: 0 })).toThrowError(
      expect.objectContaining({ code: 'REQUEST_AUTH_INVALID_ARGUMENT' }),
    )
  })
})
