import { describe, expect, test } from 'vitest'
import { BaseError } from './BaseError.js'
import { parseJsonOrThrow } from './parseJsonOrThrow.js'
import { thrown } from './testing.js'

const refusal = (cause: Error) => new BaseError('Not JSON.', { code: 'NOT_JSON', details: cause.name, cause })

describe('parseJsonOrThrow', () => {
  test('default: the parsed value of JSON text', () => {
    expect(parseJsonOrThrow('{"a":[1,null,"x"]}', refusal)).toEqual({ a: [1, null, 'x'] })
  })

  test('args: bytes are decoded as UTF-8, a byte order mark skipped', () => {
    const bytes = new TextEncoder().encode('\u{feff}{"é":true}')
    expect(parseJsonOrThrow(bytes, refusal)).toEqual({ é: true })
  })

  test('error: text that is not JSON is refused with the parser error as cause', () => {
    const error = thrown(() => parseJsonOrThrow('{"a":', refusal))
    expect(`${error.code}: ${error.details}`).toBe('NOT_JSON: SyntaxError')
    expect(error.cause).toBeInstanceOf(SyntaxError)
  })

  test('error: bytes that are not UTF-8 are refused with the decoder error as cause', () => {
    const error = thrown(() => parseJsonOrThrow(new Uint8Array([0x22, 0xc3, 0x28, 0x22]), refusal))
    expect(`${error.code}: ${error.details}`).toBe('NOT_JSON: TypeError')
    expect(error.cause).toBeInstanceOf(TypeError)
  })
})
