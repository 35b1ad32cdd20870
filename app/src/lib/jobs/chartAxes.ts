/** Ticks and ranges of the loss chart. */
export type ChartAxes = {
  firstEpoch: number
  lastEpoch: number
  /** Top of the loss axis (a "nice" round value at or above the highest loss). */
  maxLoss: number
  /** Loss ticks from 0 to `maxLoss`, and the decimals to print them with. */
  lossTicks: number[]
  lossDecimals: number
  /** Epoch ticks: every epoch up to 10, else about 8 evenly spaced whole epochs with the last one. */
  epochTicks: number[]
}

/** Axes for loss-by-epoch points: whole epochs on x, loss from 0 to a round maximum in quarters on y. */
export function chartAxes(points: readonly { epoch: number; loss: number }[]): ChartAxes {
  const epochs = points.map((p) => p.epoch)
  const firstEpoch = Math.min(...epochs, 1)
  const lastEpoch = Math.max(...epochs, 1)
  const highest = Math.max(...points.map((p) => p.loss), 0)
  // A round top: 1, 2 or 5 times a power of ten, at or above the highest loss.
  let maxLoss = 1
  if (highest > 0) {
    const magnitude = 10 ** Math.floor(Math.log10(highest))
    const top = [1, 2, 5, 10].map((m) => m * magnitude).find((value) => value >= highest) ?? 10 * magnitude
    maxLoss = Number(top.toPrecision(12))
  }
  // The fewest decimals that print every tick exactly (a quarter of 2 is 0.5, of 5 is 1.25).
  const tick = maxLoss / 4
  let lossDecimals = 0
  while (
    lossDecimals < 6 &&
    Math.abs(Math.round(tick * 10 ** lossDecimals) - tick * 10 ** lossDecimals) > 1e-6
  )
    lossDecimals++
  const lossTicks = [0, 1, 2, 3, 4].map((i) => Number(((maxLoss * i) / 4).toFixed(lossDecimals)))
  const span = lastEpoch - firstEpoch
  const stride = span < 10 ? 1 : Math.ceil(span / 8)
  const epochTicks: number[] = []
  for (let epoch = firstEpoch; epoch <= lastEpoch; epoch += stride) epochTicks.push(epoch)
  if (epochTicks.at(-1) !== lastEpoch) epochTicks.push(lastEpoch)
  return { firstEpoch, lastEpoch, maxLoss, lossTicks, lossDecimals, epochTicks }
}
