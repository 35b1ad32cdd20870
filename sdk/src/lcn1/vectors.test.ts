import { gcm } from '@noble/ciphers/aes'
import { bytesToHex, hexToBytes } from 'viem'
import { describe, expect, test } from 'vitest'
import { decryptLcn1 } from './decryptLcn1.js'
import { encryptLcn1 } from './encryptLcn1.js'
import vectors from './fixtures/vectors.json' with { type: 'json' }
import { lcn1Nonce } from './nonce.js'

const key = hexToBytes(`0x${vectors.key}`)
const noncePrefix = hexToBytes(`0x${vectors.noncePrefix}`)

describe('LCN1 frozen vectors (node:crypto generator)', () => {
  test.each(vectors.vectors)('default: $plaintextLength bytes', async (vector) => {
    const plaintext = hexToBytes(`0x${vector.plaintext}`)
    const ciphertext = await encryptLcn1(plaintext, {
      key,
      noncePrefix,
      chunkSizeLog2: vectors.chunkSizeLog2,
    })
    expect(bytesToHex(ciphertext)).toBe(`0x${vector.ciphertext}`)
    const decrypted = await decryptLcn1(hexToBytes(`0x${vector.ciphertext}`), { key })
    expect(bytesToHex(decrypted)).toBe(`0x${vector.plaintext}`)
  })

  test.each(vectors.vectors)(
    'behavior: @noble/ciphers opens every chunk of $plaintextLength bytes',
    (vector) => {
      // A second independent implementation reads the frozen bytes chunk by chunk.
      const ciphertext = hexToBytes(`0x${vector.ciphertext}`)
      const header = ciphertext.subarray(0, 16)
      const sealedSize = 2 ** vectors.chunkSizeLog2 + 16
      const chunks = Math.max(1, Math.ceil((ciphertext.length - 16) / sealedSize))
      const parts: Uint8Array[] = []
      for (let i = 0; i < chunks; i++) {
        const sealed = ciphertext.subarray(16 + i * sealedSize, 16 + (i + 1) * sealedSize)
        parts.push(gcm(key, lcn1Nonce(noncePrefix, i, i === chunks - 1), header).decrypt(sealed))
      }
      expect(bytesToHex(new Uint8Array(parts.flatMap((part) => [...part])))).toBe(`0x${vector.plaintext}`)
    },
  )
})
