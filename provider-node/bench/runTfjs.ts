// Child process of bench/trainer.ts: the previous embedded trainer (tfjs 4.22 wasm backend, every batch padded to
// its longest example, one thread) as it ran in its worker before the hand-written engine replaced it: the same
// seeded data order, schedule, Adam and clipping, on a JSONL file. Prints a JSON summary line like runEmbedded.ts.
// Usage: tsx provider-node/bench/runTfjs.ts <data.jsonl> <epochs>
import { createReadStream } from 'node:fs'
import { z } from 'zod'
import { readExamples } from '../src/dataset/readExamples.js'
import { loadBaseModel } from '../src/trainer/baseModel.js'
import { collateBatch, planEpoch } from '../src/trainer/embedded/batches.js'
import { EMBEDDED_BASE_MODEL } from '../src/trainer/embedded/embeddedBaseModel.js'
import { learningRateAt } from '../src/trainer/embedded/learningRate.js'
import { packExamples, packedCount } from '../src/trainer/embedded/packExamples.js'
import { createRng } from '../src/trainer/embedded/rng.js'
import { ADAPTER_METADATA, DATA_ORDER_SEED } from '../src/trainer/embedded/runFineTune.js'
import { TinyLlama } from '../src/trainer/embedded/tinyLlama.js'
import { createAdam, trainStep } from '../src/trainer/embedded/trainStep.js'
import { useWasmBackend } from '../src/trainer/embedded/wasmBackend.js'
import { hyperparametersSchema } from '../src/trainer/hyperparameters.js'
import { readSafetensors, tensorToFloat32 } from '../src/trainer/safetensors/readSafetensors.js'
import { type Float32Tensor, writeSafetensors } from '../src/trainer/safetensors/writeSafetensors.js'
import { BENCH_HYPERPARAMETERS } from './benchHyperparameters.js'

const [data, epochs] = z
  .tuple([z.string().min(1), z.coerce.number().int().min(1)])
  .parse(process.argv.slice(2))

const started = performance.now()
const h = hyperparametersSchema.parse(BENCH_HYPERPARAMETERS)
const base = await loadBaseModel(EMBEDDED_BASE_MODEL)
const packed = await packExamples(readExamples(createReadStream(data)), h.maxSeqLen)
if (!packed) throw new Error('no examples')
await useWasmBackend()
const weights: Record<string, Float32Tensor> = {}
for (const [name, tensor] of Object.entries(readSafetensors(base.weights).tensors)) {
  weights[name] = { shape: tensor.shape, data: tensorToFloat32(name, tensor) }
}
const model = new TinyLlama(base.config, weights)
model.addLora({ rank: h.rank, alpha: h.alpha, targetModules: h.targetModules }, createRng(h.seed))
const variables = model.trainableVariables()
const optimizer = createAdam()
const order = createRng((h.seed ^ DATA_ORDER_SEED) >>> 0)
const schedule = {
  peak: h.learningRate,
  totalSteps: Math.ceil(packedCount(packed) / h.batchSize) * epochs,
  warmupRatio: h.warmupRatio,
  minRatio: h.minLearningRateRatio,
}
const results: Array<{ loss: number; seconds: number; tokens: number; tokensPerSecond: number }> = []
let step = 0
for (let epoch = 1; epoch <= epochs; epoch++) {
  const epochStarted = performance.now()
  let lossSum = 0
  let lossTokens = 0
  let tokens = 0
  for (const indices of planEpoch(packed, h.batchSize, order)) {
    const batch = collateBatch(packed, indices)
    const loss = trainStep(
      model,
      optimizer,
      variables,
      batch,
      learningRateAt(step++, schedule),
      h.maxGradNorm,
    )
    lossSum += loss * batch.lossTokens
    lossTokens += batch.lossTokens
    tokens += batch.tokens
  }
  writeSafetensors(model.exportLora(), ADAPTER_METADATA)
  const seconds = (performance.now() - epochStarted) / 1000
  results.push({ loss: lossSum / lossTokens, seconds, tokens, tokensPerSecond: tokens / seconds })
}
process.stdout.write(
  `${JSON.stringify({
    epochs: results,
    wallSeconds: (performance.now() - started) / 1000,
    maxRssKb: process.resourceUsage().maxRSS,
    cpuSeconds: cpuSeconds(),
  })}\n`,
)

/** User + system CPU seconds of the whole process (every thread): less noisy than wall time on a busy machine. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1e6
}
