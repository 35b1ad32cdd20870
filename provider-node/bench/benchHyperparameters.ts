import type { HyperparametersInput } from '../src/trainer/hyperparameters.js'

/** Hyperparameters of every trainer bench run (the reference trainer's defaults, so all runs do the same work). */
export const BENCH_HYPERPARAMETERS: HyperparametersInput = {
  rank: 8,
  alpha: 16,
  learningRate: 1e-2,
  batchSize: 8,
  maxSeqLen: 256,
  seed: 0,
}
