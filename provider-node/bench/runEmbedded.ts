// Child process of bench/trainer.ts: one embedded training run on a JSONL file, then a JSON summary line.
// Usage: tsx provider-node/bench/runEmbedded.ts <data.jsonl> <epochs> [--threads N] [--abort-after STEPS]
import { createReadStream } from 'node:fs'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { readExamples } from '../src/dataset/readExamples.js'
import { createEmbeddedTrainer } from '../src/trainer/embedded/createEmbeddedTrainer.js'
import { EMBEDDED_BASE_MODEL } from '../src/trainer/embedded/embeddedBaseModel.js'
import { BENCH_HYPERPARAMETERS } from './benchHyperparameters.js'

const parsed = parseArgs({
  allowPositionals: true,
  options: { threads: { type: 'string' }, 'abort-after': { type: 'string' } },
})
const [data, epochs] = z.tuple([z.string().min(1), z.coerce.number().int().min(1)]).parse(parsed.positionals)
const { threads, abortAfter } = z
  .object({
    threads: z.coerce.number().int().min(1).optional(),
    abortAfter: z.coerce.number().int().min(1).optional(),
  })
  .parse({ threads: parsed.values.threads, abortAfter: parsed.values['abort-after'] })

const controller = new AbortController()
let steps = 0
let abortedAt = 0
const started = performance.now()
const result = await createEmbeddedTrainer({ threads }).train({
  examples: readExamples(createReadStream(data)),
  baseModel: EMBEDDED_BASE_MODEL,
  hyperparameters: BENCH_HYPERPARAMETERS,
  epochs,
  signal: controller.signal,
  onProgress: (event) => {
    if (event.type === 'step' && ++steps === abortAfter) {
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
    cpuSeconds: cpuSeconds(),
  })}\n`,
)

/** User + system CPU seconds of the whole process (every thread): less noisy than wall time on a busy machine. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1e6
}
