// Child process of bench/trainer.ts: one embedded training run on a JSONL file, then a JSON summary line.
// Usage: tsx provider-node/bench/runEmbedded.ts <data.jsonl> <epochs> [abort-after-steps]
import { createReadStream } from 'node:fs'
import { z } from 'zod'
import { readExamples } from '../src/dataset/readExamples.js'
import { createEmbeddedTrainer } from '../src/trainer/embedded/createEmbeddedTrainer.js'
import { EMBEDDED_BASE_MODEL } from '../src/trainer/embedded/embeddedBaseModel.js'

const [data, epochs, abortAfterSteps] = z
  .tuple([z.string().min(1), z.coerce.number().int().min(1), z.coerce.number().int().min(1).optional()])
  .parse(process.argv.slice(2))

const controller = new AbortController()
let steps = 0
let abortedAt = 0
const started = performance.now()
const result = await createEmbeddedTrainer().train({
  examples: readExamples(createReadStream(data)),
  baseModel: EMBEDDED_BASE_MODEL,
  // The reference trainer's defaults, so both runs do the same work.
  hyperparameters: { rank: 8, alpha: 16, learningRate: 1e-2, batchSize: 8, maxSeqLen: 256, seed: 0 },
  epochs,
  signal: controller.signal,
  onProgress: (event) => {
    if (event.type === 'step' && ++steps === abortAfterSteps) {
      abortedAt = performance.now()
      controller.abort()
    }
  },
})
const ended = performance.now()
process.stdout.write(
  `${JSON.stringify({
    stopReason: result.stopReason,
    epochs: result.epochs.map((epoch) => ({
      loss: epoch.meanLoss,
      seconds: epoch.seconds,
      tokens: epoch.tokens,
      tokensPerSecond: epoch.tokensPerSecond,
    })),
    wallSeconds: (ended - started) / 1000,
    abortToResultMs: abortedAt ? ended - abortedAt : null,
    maxRssKb: process.resourceUsage().maxRSS,
  })}\n`,
)
