import { describe, expect, test } from 'vitest'
import { lcn1ChunkCount, lcn1CiphertextSize, lcn1PlaintextSize } from './sizes.js'

describe('lcn1ChunkCount / lcn1CiphertextSize / lcn1PlaintextSize', () => {
  test.each([
    [0, 1, 32],
    [1, 1, 33],
    [1023, 1, 1055],
    [1024, 1, 1056],
    [1025, 2, 1073],
    [2048, 2, 2096],
    [2500, 3, 2564],
  ])('default: %i bytes of plaintext in 1 KiB chunks', (plaintext, chunks, ciphertext) => {
    expect(lcn1ChunkCount(plaintext, 1024)).toBe(chunks)
    expect(lcn1CiphertextSize(plaintext, 1024)).toBe(ciphertext)
    expect(lcn1PlaintextSize(ciphertext, 1024)).toBe(plaintext)
  })

  test('behavior: 2 GiB in 1 MiB chunks', () => {
    expect(lcn1CiphertextSize(2 ** 31, 2 ** 20)).toBe(2 ** 31 + 16 + 2048 * 16)
    expect(lcn1PlaintextSize(2 ** 31 + 16 + 2048 * 16, 2 ** 20)).toBe(2 ** 31)
  })

  test.each([0, 15, 31, 1056 + 1, 1056 + 15, 1056 + 16])('behavior: no stream is %i bytes long', (size) => {
    expect(lcn1PlaintextSize(size, 1024)).toBeUndefined()
  })

  test('error: negative or fractional sizes', () => {
    expect(() => lcn1CiphertextSize(-1, 1024)).toThrowError(
      expect.objectContaining({ code: 'LCN1_INVALID_ARGUMENT' }),
    )
    expect(() => lcn1PlaintextSize(1.5, 1024)).toThrowError(
      expect.objectContaining({ code: 'LCN1_INVALID_ARGUMENT' }),
    )
  })

  test('error: more than 2^32 chunks', () => {
    expect(() => lcn1CiphertextSize(2 ** 42 + 1, 1024)).toThrowError(
      expect.objectContaining({ code: 'LCN1_TOO_LARGE' }),
    )
  })
})
