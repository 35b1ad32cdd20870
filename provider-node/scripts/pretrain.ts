// Pretrains the embedded base model from scratch, deterministically, and writes it with its provenance.
// Usage: pnpm --filter @licen/provider-node pretrain [--out DIR] [--steps N] [--check]
//   --check  exit 1 unless the weights hash to the committed EMBEDDED_BASE_MODEL_SHA256
import { createHash } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { gunzipSync } from 'node:zlib'
import * as tf from '@tensorflow/tfjs'
import { z } from 'zod'
import {
  EMBEDDED_BASE_CONFIG_SHA256,
  EMBEDDED_BASE_HF_CONFIG,
  EMBEDDED_BASE_MODEL_ID,
  EMBEDDED_BASE_MODEL_SHA256,
  EMBEDDED_BASE_RECIPE,
} from '../src/trainer/embedded/embeddedBaseModel.js'
import { pretrainBase } from '../src/trainer/embedded/pretrainBase.js'
import { useWasmBackend } from '../src/trainer/embedded/wasmBackend.js'
import { writeSafetensors } from '../src/trainer/safetensors/writeSafetensors.js'

const MODEL_DIR = fileURLToPath(new URL('../model/', import.meta.url))
const CORPUS = {
  file: 'corpus/pydoc-topics-3.11.7.txt.gz',
  textSha256: '71f2ff5d99bdc1f9c48c5c2353ad138201c5ca1c377e0226857ef8fa89b8bcee',
  source: 'CPython v3.11.7, Lib/pydoc_data/topics.py',
  sourceSha256: 'abaa56a64551d8eead1b19cbae3c6db443f99f0cab81df07bed3cb75c0db9346',
  licence: 'PSF-2.0 (see corpus/LICENSE-PSF.txt)',
  extraction:
    'python3 provider-node/scripts/extract-corpus.py <CPython v3.11.7 Lib/pydoc_data/topics.py> provider-node/model/corpus/pydoc-topics-3.11.7.txt.gz',
}

const args = z
  .object({
    out: z.string().min(1).default(join(MODEL_DIR, 'tiny-llama-bytes-d64')),
    steps: z.coerce.number().int().min(1).max(1_000_000).default(EMBEDDED_BASE_RECIPE.steps),
    check: z.boolean().default(false),
  })
  .parse(
    parseArgs({ options: { out: { type: 'string' }, steps: { type: 'string' }, check: { type: 'boolean' } } })
      .values,
  )

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

const corpus = gunzipSync(await readFile(join(MODEL_DIR, CORPUS.file)))
if (sha256(corpus) !== CORPUS.textSha256)
  throw new Error(`${CORPUS.file}: corpus text does not match its sha256`)

await useWasmBackend()
const recipe = { ...EMBEDDED_BASE_RECIPE, steps: args.steps }
const started = performance.now()
const recent: number[] = []
const weights = pretrainBase(corpus, recipe, (step, loss) => {
  recent.push(loss)
  if (recent.length > 50) recent.shift()
  if (step % 50 === 0 || step === recipe.steps) {
    const seconds = (performance.now() - started) / 1000
    const mean = recent.reduce((a, b) => a + b, 0) / recent.length
    console.log(
      `step ${step}/${recipe.steps} loss(mean of last ${recent.length}) ${mean.toFixed(4)} ${seconds.toFixed(0)}s`,
    )
  }
})
const seconds = (performance.now() - started) / 1000

const modelBytes = writeSafetensors(weights, { format: 'pt' })
const configBytes = new TextEncoder().encode(`${JSON.stringify(EMBEDDED_BASE_HF_CONFIG, null, 2)}\n`)
const provenance = {
  model: EMBEDDED_BASE_MODEL_ID,
  architecture:
    'LlamaForCausalLM (byte-level tokenizer: ids 0-255 bytes, 256 BOS, 257 EOS, 258 PAD, 259-261 roles)',
  parameters: Object.values(weights).reduce((sum, tensor) => sum + tensor.data.length, 0),
  weights: { file: 'model.safetensors', sha256: sha256(modelBytes) },
  config: { file: 'config.json', sha256: sha256(configBytes) },
  corpus: { ...CORPUS, bytes: corpus.length },
  recipe: {
    steps: recipe.steps,
    batchSize: recipe.batchSize,
    seqLen: recipe.seqLen,
    learningRate: recipe.learningRate,
    seed: recipe.seed,
    rows: 'BOS + a uniformly sampled window of seqLen-1 corpus bytes; every position learned',
    schedule: '5% linear warmup, cosine decay to 10% of the peak',
    optimizer: 'Adam (beta1 0.9, beta2 0.999), global gradient-norm clip 1.0',
    init: 'N(0, 0.02) embeddings and projections, RMSNorm scales 1 (mulberry32 + Box-Muller, seed)',
  },
  command: `pnpm --filter @licen/provider-node pretrain${args.steps === EMBEDDED_BASE_RECIPE.steps ? '' : ` --steps ${args.steps}`}`,
  runtime: { node: process.version, tfjs: tf.version.tfjs, backend: tf.getBackend() },
  finalLossMeanOfLast50Steps: Number((recent.reduce((a, b) => a + b, 0) / recent.length).toFixed(4)),
  seconds: Math.round(seconds),
}

await mkdir(args.out, { recursive: true })
await writeFile(join(args.out, 'model.safetensors'), modelBytes)
await writeFile(join(args.out, 'config.json'), configBytes)
await writeFile(join(args.out, 'provenance.json'), `${JSON.stringify(provenance, null, 2)}\n`)
console.log(
  `wrote ${args.out}: model.safetensors sha256 0x${provenance.weights.sha256}, config.json sha256 0x${provenance.config.sha256}`,
)

if (args.check) {
  const ok =
    `0x${provenance.weights.sha256}` === EMBEDDED_BASE_MODEL_SHA256 &&
    `0x${provenance.config.sha256}` === EMBEDDED_BASE_CONFIG_SHA256
  console.log(ok ? 'check: matches the committed hashes' : 'check: DIFFERS from the committed hashes')
  process.exitCode = ok ? 0 : 1
}
