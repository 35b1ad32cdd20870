// pnpm bench:trainer — the embedded trainer side by side with the previous tfjs one (and the reference trainer at
// /work/shared/reference/trainer when present), same data and base weights, rounds alternating because the machine
// is noisy: tokens/s, seconds per epoch, training and wall time, CPU seconds of the run (all threads), peak RSS,
// loss per epoch, abort latency. Data: 200 synthetic examples (--examples), or `--bytes 1048576` for the generated
// JSONL that `pnpm bench:e2e` publishes (seed 11).
// Options: --examples N (200) --bytes N --epochs N (3) --rounds N (2) --baseline-epochs N (= epochs; 0 skips
// tfjs) --threads N (2; also runs 1) --reference DIR --no-reference
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateSyntheticJsonl, syntheticJsonl } from '@licen/synthetic-data'
import { benchFlags, benchUsage } from '@licen/testing'
import { z } from 'zod'
// The exact generator `pnpm bench:e2e` publishes from (a devnet demo module, read here for the same bytes).
import { EMBEDDED_BASE_MODEL } from '../src/trainer/embedded/embeddedBaseModel.js'
import { hyperparametersSchema } from '../src/trainer/hyperparameters.js'
import { BENCH_HYPERPARAMETERS } from './benchHyperparameters.js'
import { datasetStats } from './datasetStats.js'

const TRAINER_FLAGS = [
  'examples',
  'bytes',
  'epochs',
  'rounds',
  'baseline-epochs',
  'threads',
  'reference',
  'no-reference',
]
benchUsage(
  process.argv.slice(2),
  'Usage: pnpm bench:trainer [--examples 200] [--bytes <n>] [--epochs 3] [--rounds 2] [--baseline-epochs <n>] [--threads 2] [--reference <dir>] [--no-reference]',
  TRAINER_FLAGS.map((flag) => `--${flag}`),
)
const parsed = benchFlags(process.argv.slice(2), ['no-reference'])
const options = z
  .object({
    examples: z.coerce.number().int().min(8).default(200),
    bytes: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 << 20)
      .optional(),
    epochs: z.coerce.number().int().min(1).default(3),
    rounds: z.coerce.number().int().min(1).default(2),
    baselineEpochs: z.coerce.number().int().min(0).optional(),
    threads: z.coerce.number().int().min(1).max(16).default(2),
    reference: z.string().default('/work/shared/reference/trainer'),
    noReference: z.boolean().default(false),
  })
  .parse({ ...parsed, baselineEpochs: parsed['baseline-epochs'], noReference: parsed['no-reference'] })
const baselineEpochs = options.baselineEpochs ?? options.epochs

const here = fileURLToPath(new URL('.', import.meta.url))
const packageDir = join(here, '..')
const summarySchema = z.object({
  epochs: z.array(
    z.object({ loss: z.number(), seconds: z.number(), tokens: z.number(), tokensPerSecond: z.number() }),
  ),
  wallSeconds: z.number(),
  maxRssKb: z.number(),
  cpuSeconds: z.number().optional(),
  abortToResultMs: z.number().nullable().optional(),
})
type Summary = z.infer<typeof summarySchema>

function lastJsonLine(stdout: string): unknown {
  const line = stdout.trim().split('\n').at(-1) ?? ''
  return JSON.parse(line)
}

function runChild(script: string, args: string[]): Summary {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(here, script), ...args], {
    cwd: packageDir,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  })
  if (child.status !== 0) throw new Error(`${script} failed: ${child.stderr}`)
  return summarySchema.parse(lastJsonLine(child.stdout))
}

function runReference(data: string, out: string): Summary {
  const started = performance.now()
  const child = spawnSync(
    process.execPath,
    [
      join(here, 'runReference.mjs'),
      options.reference,
      '--data',
      data,
      '--epochs',
      String(options.epochs),
      '--base',
      join(EMBEDDED_BASE_MODEL.path, 'model.safetensors'),
      '--out',
      out,
    ],
    {
      cwd: packageDir,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      env: { ...process.env, NODE_PATH: join(packageDir, 'node_modules') },
    },
  )
  if (child.status !== 0) throw new Error(`reference run failed: ${child.stderr}`)
  const epochs = [
    ...child.stdout.matchAll(
      /^epoch \d+: loss=([\d.]+) tokens=(\d+) loss_tokens=\d+ ([\d.]+)s ([\d.]+) tok\/s$/gm,
    ),
  ].map(([, loss, tokens, seconds, rate]) => ({
    loss: Number(loss),
    tokens: Number(tokens),
    seconds: Number(seconds),
    tokensPerSecond: Number(rate),
  }))
  const { maxRssKb } = z.object({ maxRssKb: z.number() }).parse(lastJsonLine(child.stdout))
  return { epochs, wallSeconds: (performance.now() - started) / 1000, maxRssKb }
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length
/** Mean seconds per epoch over every run. */
const secondsPerEpoch = (runs: Summary[]) =>
  mean(runs.flatMap((run) => run.epochs.map((epoch) => epoch.seconds)))
function describe(name: string, runs: Summary[]) {
  const epochs = runs.flatMap((run) => run.epochs)
  const tokens = epochs.reduce((sum, epoch) => sum + epoch.tokens, 0)
  const seconds = epochs.reduce((sum, epoch) => sum + epoch.seconds, 0)
  const losses = runs[0]!.epochs.map((epoch) => epoch.loss.toFixed(3)).join(' → ')
  const cpus = runs.flatMap((run) => (run.cpuSeconds === undefined ? [] : [run.cpuSeconds]))
  const cpu = cpus.length === runs.length ? mean(cpus) : undefined
  const training = mean(runs.map((run) => run.epochs.reduce((sum, epoch) => sum + epoch.seconds, 0)))
  console.log(
    `${name.padEnd(22)} ${(tokens / seconds).toFixed(0).padStart(7)} tok/s  ${secondsPerEpoch(runs).toFixed(2).padStart(7)} s/epoch  ` +
      `training ${training.toFixed(2).padStart(7)} s  wall ${mean(runs.map((r) => r.wallSeconds))
        .toFixed(2)
        .padStart(7)} s  ` +
      `${cpu === undefined ? '' : `CPU ${cpu.toFixed(1).padStart(6)} s  `}peak RSS ${(Math.max(...runs.map((r) => r.maxRssKb)) / 1024).toFixed(0).padStart(4)} MiB  loss ${losses}`,
  )
}

const dir = await mkdtemp(join(tmpdir(), 'licen-bench-trainer-'))
try {
  const data = join(dir, 'data.jsonl')
  const jsonl =
    options.bytes === undefined
      ? syntheticJsonl(options.examples)
      : generateSyntheticJsonl({ bytes: options.bytes, seed: 11, recipe: 'demo' })
  await writeFile(data, jsonl)
  const withReference = !options.noReference && existsSync(join(options.reference, 'src', 'bench.ts'))
  const h = hyperparametersSchema.parse(BENCH_HYPERPARAMETERS)
  const stats = await datasetStats(jsonl, h.maxSeqLen, h.batchSize, h.seed)
  console.log(
    `trainer bench: ${options.bytes === undefined ? `${options.examples} synthetic examples` : `${Buffer.byteLength(jsonl)} bytes of bench:e2e JSONL`} × ` +
      `${options.epochs} epochs (tfjs ${baselineEpochs}), LoRA r=${h.rank} α=${h.alpha} on all 7 projections, batch ${h.batchSize}, ` +
      `${options.rounds} rounds${withReference ? ', alternating with the reference' : ''}`,
  )
  console.log(
    `dataset: ${stats.examples} examples, ${stats.tokens} tokens/epoch (${stats.lossTokens} with loss), longest ` +
      `${stats.longest}, ${stats.truncated} truncated to ${h.maxSeqLen}; padded batches (tfjs) ${stats.paddedTokens} ` +
      `token slots (${((100 * (stats.paddedTokens - stats.tokens)) / stats.paddedTokens).toFixed(1)}% padding)`,
  )
  const runs = {
    embedded: [] as Summary[],
    embeddedOne: [] as Summary[],
    tfjs: [] as Summary[],
    reference: [] as Summary[],
  }
  const oneThread = options.threads !== 1
  for (let round = 0; round < options.rounds; round++) {
    runs.embedded.push(
      runChild('runEmbedded.ts', [data, String(options.epochs), '--threads', String(options.threads)]),
    )
    if (oneThread)
      runs.embeddedOne.push(runChild('runEmbedded.ts', [data, String(options.epochs), '--threads', '1']))
    if (baselineEpochs > 0) runs.tfjs.push(runChild('runTfjs.ts', [data, String(baselineEpochs)]))
    if (withReference) runs.reference.push(runReference(data, join(dir, `reference-${round}`)))
  }
  describe(`embedded, ${options.threads} thread${options.threads === 1 ? '' : 's'}`, runs.embedded)
  if (oneThread) describe('embedded, 1 thread', runs.embeddedOne)
  if (baselineEpochs > 0) describe('tfjs wasm (before)', runs.tfjs)
  if (withReference) describe('reference', runs.reference)
  if (baselineEpochs > 0) {
    console.log(
      `speed-up per epoch vs tfjs: ${(secondsPerEpoch(runs.tfjs) / secondsPerEpoch(runs.embedded)).toFixed(1)}× ` +
        `(tok/s count input tokens without padding for all but the reference, which counts padded batch × length)`,
    )
  }
  const abort = runChild('runEmbedded.ts', [
    data,
    '50',
    '--threads',
    String(options.threads),
    '--abort-after',
    String(Math.ceil(stats.examples / h.batchSize) + 10),
  ])
  console.log(
    `abort: mid-epoch abort → result in ${abort.abortToResultMs?.toFixed(0)} ms (${abort.epochs.length} whole epochs kept)`,
  )
} finally {
  await rm(dir, { recursive: true, force: true })
}
