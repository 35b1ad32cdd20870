import { describe, expect, test } from 'vitest'
import { learningRateAt } from './learningRate.js'

const schedule = { peak: 1, totalSteps: 100, warmupRatio: 0.05, minRatio: 0.1 }

describe('learningRateAt', () => {
  test('default', () => {
    expect([0, 1, 4].map((step) => learningRateAt(step, schedule))).toEqual([0.2, 0.4, 1])
    expect(learningRateAt(5, schedule)).toBe(1)
    expect(learningRateAt(52.5, schedule)).toBeCloseTo(0.55, 12)
    expect(learningRateAt(100, schedule)).toBeCloseTo(0.1, 12)
    expect(learningRateAt(500, schedule)).toBeCloseTo(0.1, 12)
  })

  test('args: no warmup still warms up for one step', () => {
    expect(learningRateAt(0, { ...schedule, warmupRatio: 0 })).toBe(1)
    expect(learningRateAt(1, { ...schedule, warmupRatio: 0 })).toBe(1)
  })
})
