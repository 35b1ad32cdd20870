import { bytesToHex, hexToBytes } from 'viem'
import { describe, expect, test } from 'vitest'
import { encodeLcn1Header, parseLcn1Header } from './header.js'

const prefix = hexToBytes('0xa0a1a2a3a4a5a6')

describe('encodeLcn1Header', () => {
  test('default', () => {
    const header = encodeLcn1Header({ noncePrefix: prefix })
    expect(bytesToHex(header)).toBe('0x4c434e3101140000a0a1a2a3a4a5a600')
  })

  test('behavior: random nonce prefix when omitted', () => {
    const a = encodeLcn1Header()
    const b = encodeLcn1Header()
    expect(a.subarray(0, 8)).toEqual(hexToBytes('0x4c434e3101140000'))
    expect(a[15]).toBe(0)
    expect(bytesToHex(a.subarray(8, 15))).not.toBe(bytesToHex(b.subarray(8, 15)))
  })

  test('args: chunkSizeLog2', () => {
    expect(bytesToHex(encodeLcn1Header({ chunkSizeLog2: 10, noncePrefix: prefix }))).toBe(
      '0x4c434e31010a0000a0a1a2a3a4a5a600',
    )
    expect(bytesToHex(encodeLcn1Header({ chunkSizeLog2: 24, noncePrefix: prefix }))).toBe(
      '0x4c434e3101180000a0a1a2a3a4a5a600',
    )
  })

  test('error: chunkSizeLog2 out of range', () => {
    for (const chunkSizeLog2 of [9, 25, 20.5]) {
      expect(() => encodeLcn1Header({ chunkSizeLog2 })).toThrowError(
        expect.objectContaining({ code: 'LCN1_INVALID_ARGUMENT' }),
      )
    }
  })

  test('error: nonce prefix not 7 bytes', () => {
    expect(() => encodeLcn1Header({ noncePrefix: new Uint8Array(8) })).toThrowError(
      expect.objectContaining({ code: 'LCN1_INVALID_ARGUMENT', details: 'got 8 bytes' }),
    )
  })
})

describe('parseLcn1Header', () => {
  test('default', () => {
    const parsed = parseLcn1Header(hexToBytes('0x4c434e31010a0000a0a1a2a3a4a5a600'))
    expect(parsed).toEqual({ version: 1, chunkSizeLog2: 10, chunkSize: 1024, noncePrefix: prefix })
  })

  const valid = '4c434e31010a0000a0a1a2a3a4a5a600'
  const edit = (byte: number, value: string) =>
    hexToBytes(`0x${valid.slice(0, byte * 2)}${value}${valid.slice(byte * 2 + 2)}`)

  test.each([
    ['magic', edit(0, '4d'), 'LCN1_HEADER_INVALID'],
    ['magic last byte', edit(3, '32'), 'LCN1_HEADER_INVALID'],
    ['version 0', edit(4, '00'), 'LCN1_UNSUPPORTED_VERSION'],
    ['version 2', edit(4, '02'), 'LCN1_UNSUPPORTED_VERSION'],
    ['chunk size below range', edit(5, '09'), 'LCN1_HEADER_INVALID'],
    ['chunk size above range', edit(5, '19'), 'LCN1_HEADER_INVALID'],
    ['reserved high byte', edit(6, '01'), 'LCN1_HEADER_INVALID'],
    ['reserved low byte', edit(7, '80'), 'LCN1_HEADER_INVALID'],
    ['final zero byte', edit(15, '01'), 'LCN1_HEADER_INVALID'],
    ['short', hexToBytes(`0x${valid.slice(0, 30)}`), 'LCN1_HEADER_INVALID'],
  ])('error: %s', (_name, bytes, code) => {
    expect(() => parseLcn1Header(bytes)).toThrowError(expect.objectContaining({ code }))
  })
})
