import { bytesToHex } from '@noble/hashes/utils'
import { describe, expect, test } from 'vitest'
import { derBitString, derInteger, derOid, derSequence, derTime, derTlv, derUtf8 } from './derWriter.js'

const hex = (bytes: Uint8Array) => bytesToHex(bytes)

describe('derWriter', () => {
  test.each([
    [0, '020100'],
    [127, '02017f'],
    [128, '02020080'],
    [256, '02020100'],
  ])('args: derInteger(%d)', (value, expected) => {
    expect(hex(derInteger(value))).toBe(expected)
  })

  test('default: OIDs, strings, bit strings and sequences (X.509 vectors)', () => {
    expect(hex(derOid('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302')
    expect(hex(derOid('1.2.840.113741.1.13.1'))).toBe('06092a864886f84d010d01')
    expect(hex(derUtf8('CA'))).toBe('0c024341')
    expect(hex(derBitString(Uint8Array.of(0xab)))).toBe('030200ab')
    expect(hex(derSequence(derInteger(1), derInteger(2)))).toBe('3006020101020102')
  })

  test('behavior: long lengths use the minimal long form', () => {
    expect(hex(derTlv(0x04, new Uint8Array(127))).slice(0, 4)).toBe('047f')
    expect(hex(derTlv(0x04, new Uint8Array(128))).slice(0, 6)).toBe('048180')
    expect(hex(derTlv(0x04, new Uint8Array(300))).slice(0, 8)).toBe('0482012c')
  })

  test('behavior: UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280)', () => {
    expect(new TextDecoder().decode(derTime(new Date('2049-12-31T23:59:59Z')).subarray(2))).toBe(
      '491231235959Z',
    )
    expect(new TextDecoder().decode(derTime(new Date('2099-12-31T23:59:59Z')).subarray(2))).toBe(
      '20991231235959Z',
    )
    expect(derTime(new Date('2049-12-31T23:59:59Z'))[0]).toBe(0x17)
    expect(derTime(new Date('2050-01-01T00:00:00Z'))[0]).toBe(0x18)
  })
})
