import { describe, expect, test } from 'vitest'
import { ProgressRate } from './progressRate.js'

const MiB = 1024 * 1024

describe('ProgressRate', () => {
  test('default', () => {
    const rate = new ProgressRate(100 * MiB)
    expect(rate.update(0, 0)).toEqual({ mibPerSecond: undefined, etaSeconds: undefined, fraction: 0 })
    expect(rate.update(10 * MiB, 1000)).toEqual({ mibPerSecond: 10, etaSeconds: 9, fraction: 0.1 })
    expect(rate.update(30 * MiB, 2000)).toEqual({ mibPerSecond: 15, etaSeconds: 70 / 15, fraction: 0.3 })
  })

  test('behavior: the window forgets a slow start', () => {
    const rate = new ProgressRate(100 * MiB, 1000)
    rate.update(0, 0)
    rate.update(1 * MiB, 5000)
    rate.update(11 * MiB, 5500)
    expect(rate.update(21 * MiB, 6000)).toEqual({ mibPerSecond: 20, etaSeconds: 79 / 20, fraction: 0.21 })
  })

  test('args: empty total counts as done', () => {
    expect(new ProgressRate(0).update(0, 0).fraction).toBe(1)
  })
})
