import { describe, expect, test } from 'vitest'
import { createRedactor } from './redact.js'

describe('createRedactor', () => {
  test('default: replaces every occurrence of every secret', () => {
    const redact = createRedactor(['https://rpc.example/key-123', 'postgres://u:pw@db/x'])
    expect(
      redact(
        'GET https://rpc.example/key-123 failed; retry https://rpc.example/key-123 (db postgres://u:pw@db/x)',
      ),
    ).toBe('GET <redacted> failed; retry <redacted> (db <redacted>)')
  })

  test('args: missing and empty secrets are ignored', () => {
    expect(createRedactor([undefined, ''])('nothing to hide')).toBe('nothing to hide')
  })
})
