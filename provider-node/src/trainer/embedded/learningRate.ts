/** Shape of the learning-rate schedule. */
export type LearningRateSchedule = {
  /** Peak learning rate. */
  peak: number
  /** Total optimizer steps of the run. */
  totalSteps: number
  /** Fraction of steps spent warming up linearly (at least one step). */
  warmupRatio: number
  /** Final learning rate as a fraction of the peak. */
  minRatio: number
}

/** Learning rate at a zero-based step: linear warmup, then cosine decay from the peak to `peak × minRatio`. */
export function learningRateAt(
  step: number,
  { peak, totalSteps, warmupRatio, minRatio }: LearningRateSchedule,
): number {
  const warmup = Math.max(1, Math.floor(warmupRatio * totalSteps))
  if (step < warmup) return (peak * (step + 1)) / warmup
  const progress = Math.min(1, (step - warmup) / Math.max(1, totalSteps - warmup))
  return peak * (minRatio + (1 - minRatio) * 0.5 * (1 + Math.cos(Math.PI * progress)))
}
