import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { providerRequestMessage } from './providerRequestMessage.js'

describe('providerRequestMessage', () => {
  test('default', () => {
    const body = '{"nonce":"0x01"}'
    const bodyHash = createHash('sha256').update(body).digest('hex')
    expect(
      providerRequestMessage({ method: 'POST', path: '/v1/jobs/7/attest', timestamp: 1_700_000_000, body }),
    ).toBe(`licen/provider-request/v1\nPOST\n/v1/jobs/7/attest\n1700000000\n${bodyHash}`)
  })

  test('behavior: empty body hashes the empty string', () => {
    expect(providerRequestMessage({ method: 'GET', path: '/v1/info?x=1', timestamp: 0, body: '' })).toBe(
      'licen/provider-request/v1\nGET\n/v1/info?x=1\n0\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    )
  })

  test('behavior: bytes and the same UTF-8 string give the same message', () => {
    const text = '{"a":"é"}'
    expect(providerRequestMessage({ method: 'POST', path: '/', timestamp: 5, body: text })).toBe(
      providerRequestMessage({
        method: 'POST',
        path: '/',
        timestamp: 5,
        body: new TextEncoder().encode(text),
      }),
    )
  })

  test.each([
    ['lower-case method', { method: 'post', path: '/', timestamp: 1 }],
    ['newline in path', { method: 'POST', path: '/a\nPOST', timestamp: 1 }],
    ['space in path', { method: 'POST', path: '/a b', timestamp: 1 }],
    ['relative path', { method: 'POST', path: 'v1/info', timestamp: 1 }],
    ['overlong path', { method: 'POST', path: `/${'a'.repeat(2048)}`, timestamp: 1 }],
    ['negative timestamp', { method: 'POST', path: '/', timestamp: -1 }],
    ['fractional timestamp', { method: 'POST', path: '/', timestamp: 1.5 }],
  ])('error: %s', (_, args) => {
    expect(() => providerRequestMessage({ ...args, body: '' })).toThrowError(
      expect.objectContaining({ code: 'REQUEST_AUTH_INVALID_ARGUMENT' }),
    )
  })
})
