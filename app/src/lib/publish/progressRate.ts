/** A throughput estimate: MiB/s over the recent window and seconds left (undefined until measurable). */
export type Rate = { mibPerSecond: number | undefined; etaSeconds: number | undefined; fraction: number }

/**
 * Tracks progress samples of one stage and estimates the rate over the last `windowMs` (a sliding window, so a
 * slow start does not drag the estimate for the whole run).
 */
export class ProgressRate {
  #samples: { t: number; bytes: number }[] = []

  constructor(
    readonly totalBytes: number,
    readonly windowMs = 3_000,
  ) {}

  /** Records that `bytes` were done at time `t` (ms) and returns the current estimate. */
  update(bytes: number, t: number): Rate {
    this.#samples.push({ t, bytes })
    while (this.#samples.length > 2 && t - this.#samples[0]!.t > this.windowMs) this.#samples.shift()
    const first = this.#samples[0]!
    const elapsed = (t - first.t) / 1000
    const fraction = this.totalBytes > 0 ? Math.min(1, bytes / this.totalBytes) : 1
    if (elapsed <= 0 || bytes <= first.bytes)
      return { mibPerSecond: undefined, etaSeconds: undefined, fraction }
    const perSecond = (bytes - first.bytes) / elapsed
    return {
      mibPerSecond: perSecond / (1024 * 1024),
      etaSeconds: Math.max(0, (this.totalBytes - bytes) / perSecond),
      fraction,
    }
  }
}
