import { bytesToHex, hexToBytes } from 'viem'
import { expect, test } from 'vitest'
import { lcn1Nonce } from './nonce.js'

const prefix = hexToBytes('0xa0a1a2a3a4a5a6')

test('default', () => {
  expect(bytesToHex(lcn1Nonce(prefix, 0, false))).toBe('0xa0a1a2a3a4a5a60000000000')
})

test('args: index and last flag', () => {
  expect(bytesToHex(lcn1Nonce(prefix, 1, true))).toBe('0xa0a1a2a3a4a5a60000000101')
  expect(bytesToHex(lcn1Nonce(prefix, 0x01020304, false))).toBe('0xa0a1a2a3a4a5a60102030400')
  expect(bytesToHex(lcn1Nonce(prefix, 2 ** 32 - 1, true))).toBe('0xa0a1a2a3a4a5a6ffffffff01')
})
