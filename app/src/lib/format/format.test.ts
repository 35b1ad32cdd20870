import { describe, expect, test } from 'vitest'
import { formatAmount } from './amount.js'
import { formatBytes, formatDuration } from './duration.js'
import { shortHex } from './hex.js'
import { isFinalState, jobStateName } from './jobState.js'
import { formatQuantity } from './number.js'
import { plural } from './plural.js'
import { allowsPurpose, purposeBitmap, purposeNames } from './purposes.js'

describe('formatAmount', () => {
  test('default', () => {
    expect(formatAmount(1_500_000_000_000_000_000n, 'ETH')).toBe('1.5 ETH')
  })
  test('args: trims to max decimals and marks tiny amounts', () => {
    expect(formatAmount(123_456_789_012n, 'A0GI', 18, 6)).toBe('<0.000001 A0GI')
    expect(formatAmount(1_234_567_890_123n, 'A0GI', 18, 6)).toBe('0.000001 A0GI')
    expect(formatAmount(1_234_567_890_123_456n, 'ETH')).toBe('0.001234 ETH')
    expect(formatAmount(0n, 'ETH')).toBe('0 ETH')
    expect(formatAmount(-2_000_000_000_000_000_000n, 'ETH')).toBe('-2 ETH')
  })
})

describe('formatDuration / formatBytes', () => {
  test('default', () => {
    expect([45, 200, 3600, 7500, 86_400 * 3 + 3600 * 4].map(formatDuration)).toEqual([
      '45 s',
      '3 min 20 s',
      '1 h',
      '2 h 5 min',
      '3 d 4 h',
    ])
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('—')
    expect([512, 1536, 2 * 1024 * 1024, 300 * 1024 ** 3].map(formatBytes)).toEqual([
      '512 B',
      '1.50 KiB',
      '2.00 MiB',
      '300.0 GiB',
    ])
  })
  test('behavior: a fractional byte count (a mean) rounds', () => {
    expect([354.783, 1023.6, 0.4].map(formatBytes)).toEqual(['355 B', '1.00 KiB', '0 B'])
    expect(formatBytes(Number.NaN)).toBe('—')
  })
})

describe('plural', () => {
  test('default', () => {
    expect(plural(1, 'finished job')).toBe('1 finished job')
    expect(plural(4, 'finished job')).toBe('4 finished jobs')
    expect(plural(0, 'epoch')).toBe('0 epochs')
    expect(plural(1n, 'epoch')).toBe('1 epoch')
    expect(plural(12_345, 'row')).toBe('12,345 rows')
  })
  test('args: irregular plural', () => {
    expect(plural(2, 'entry', 'entries')).toBe('2 entries')
    expect(plural(1, 'entry', 'entries')).toBe('1 entry')
  })
})

describe('formatQuantity', () => {
  test('default', () => {
    expect([354.783, 2.25, 12_345.6, 7, 0.04].map(formatQuantity)).toEqual(['355', '2.3', '12,346', '7', '0'])
    expect(formatQuantity(Number.POSITIVE_INFINITY)).toBe('—')
  })
})

describe('shortHex', () => {
  test('default', () => {
    expect(shortHex('0x5FbDB2315678afecb367f032d93F642f64180aa3')).toBe('0x5FbD…0aa3')
    expect(shortHex('0x1234')).toBe('0x1234')
  })
})

describe('purposes', () => {
  test('default', () => {
    expect(purposeNames(0b10101)).toEqual(['research', 'evaluation', 'education'])
    expect(purposeNames(1 << 31)).toEqual(['purpose 31'])
    expect(purposeBitmap([0, 3, 31])).toBe(2 ** 31 + 9)
    expect(allowsPurpose(9, 3)).toBe(true)
    expect(allowsPurpose(9, 1)).toBe(false)
  })
  test('error: id out of range', () => {
    expect(() => purposeBitmap([32])).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: purpose id 32 is outside 0..31]`,
    )
  })
})

describe('jobState', () => {
  test('default', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(jobStateName)).toEqual([
      'None',
      'Granted',
      'Running',
      'Completed',
      'Failed',
      'Reclaimed',
      undefined,
    ])
    expect((['Granted', 'Running', 'Completed', 'Failed', 'Reclaimed'] as const).map(isFinalState)).toEqual([
      false,
      false,
      true,
      true,
      true,
    ])
  })
})
