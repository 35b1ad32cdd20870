import { describe, expect, test } from 'vitest'
import { chartAxes } from './chartAxes.js'

describe('chartAxes', () => {
  test('default: every epoch, loss from 0 to a round top in quarters', () => {
    expect(
      chartAxes([
        { epoch: 1, loss: 2.98 },
        { epoch: 2, loss: 1.9 },
        { epoch: 3, loss: 1.31 },
      ]),
    ).toEqual({
      firstEpoch: 1,
      lastEpoch: 3,
      maxLoss: 5,
      lossTicks: [0, 1.25, 2.5, 3.75, 5],
      lossDecimals: 2,
      epochTicks: [1, 2, 3],
    })
  })

  test('behavior: small losses get a small top and enough decimals', () => {
    const axes = chartAxes([{ epoch: 1, loss: 0.17 }])
    expect([axes.maxLoss, axes.lossTicks, axes.lossDecimals]).toEqual([0.2, [0, 0.05, 0.1, 0.15, 0.2], 2])
    expect(chartAxes([{ epoch: 1, loss: 1.6 }]).lossTicks).toEqual([0, 0.5, 1, 1.5, 2])
    expect(chartAxes([{ epoch: 1, loss: 2 }]).maxLoss).toBe(2)
  })

  test('behavior: many epochs get about eight ticks ending on the last', () => {
    const points = Array.from({ length: 30 }, (_, i) => ({ epoch: i + 1, loss: 1 }))
    expect(chartAxes(points).epochTicks).toEqual([1, 5, 9, 13, 17, 21, 25, 29, 30])
    expect(chartAxes([]).epochTicks).toEqual([1])
  })
})
