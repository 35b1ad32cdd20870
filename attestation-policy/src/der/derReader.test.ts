import { hexToBytes } from '@noble/hashes/utils'
import { describe, expect, test } from 'vitest'
import { derChildren, derOidString, derTimeSeconds, readDerNode, readDerRoot } from './derReader.js'
import { derOid, derSequence, derTime } from './derWriter.js'

describe('derReader', () => {
  test('default: reads nested elements and round-trips OIDs and times', () => {
    const encoded = derSequence(
      derOid('1.2.840.113741.1.13.1.2.18'),
      derTime(new Date('2099-12-31T23:59:59Z')),
    )
    const [oid, time] = derChildren(readDerRoot(encoded))
    expect(derOidString(oid!)).toBe('1.2.840.113741.1.13.1.2.18')
    expect(derTimeSeconds(time!)).toBe(Date.UTC(2099, 11, 31, 23, 59, 59) / 1000)
  })

  test.each([
    ['indefinite length', '3080', 'unsupported length encoding at 0'],
    ['truncated content', '300500', 'element at 0 runs past its container'],
    ['non-minimal length', '30810100', 'non-minimal length at 0'],
    ['truncated header', '30', 'element at 0 is truncated'],
  ])('error: %s', (_, hex, details) => {
    expect(() => readDerNode(hexToBytes(hex))).toThrow(details)
  })

  test('error: trailing data after the root element', () => {
    expect(() => readDerRoot(hexToBytes('300000'))).toThrow('trailing data after the element')
  })
})
