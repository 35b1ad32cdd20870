// pnpm bench:trainer — the embedded trainer on 200 synthetic examples × 3 epochs: tokens/s, seconds per epoch,
// peak RSS, loss per epoch; side by side with the reference trainer (/work/shared/reference/trainer, run from where
// it lives, on the same data and base weights) when it is present; rounds alternate because the machine is noisy.
// Options: --examples N (200) --epochs N (3) --rounds N (2) --reference DIR
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { EMBEDDED_BASE_MODEL } from '../src/trainer/embedded/embeddedBaseModel.js'
import { syntheticJsonl } from '../src/trainer/embedded/fixtures/syntheticDataset.js'

const options = z
  .object({
    examples: z.coerce.number().int().min(8).default(200),
    epochs: z.coerce.number().int().min(1).default(3),
    rounds: z.coerce.number().int().min(1).default(2),
    reference: z.string().default('/work/shared/reference/trainer'),
  })
  .parse(
    parseArgs({
      options: {
        examples: { type: 'string' },
        epochs: { type: 'string' },
        rounds: { type: 'string' },
        reference: { type: 'string' },
      },
    }).values,
  )

const here = fileURLToPath(new URL('.', import.meta.url))
const packageDir = join(here, '..')
const summarySchema = z.object({
  epochs: z.array(
    z.object({ loss: z.number(), seconds: z.number(), tokens: z.number(), tokensPerSecond: z.number() }),
  ),
  wallSeconds: z.number(),
  maxRssKb: z.number(),
  abortToResultMs: z.number().nullable().optional(),
})
type Summary = z.infer<typeof summarySchema>

function lastJsonLine(stdout: string): unknown {
  const line = stdout.trim().split('\n').at(-1) ?? ''
  return JSON.parse(line)
}

function runOurs(data: string, epochs: number, abortAfterSteps?: number): Summary {
  const args = ['--import', 'tsx', join(here, 'runEmbedded.ts'), data, String(epochs)]
  if (abortAfterSteps) args.push(String(abortAfterSteps))
  const child = spawnSync(process.execPath, args, { cwd: packageDir, encoding: 'utf8' })
  if (child.status !== 0) throw new Error(`embedded run failed: ${child.stderr}`)
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
function describe(name: string, runs: Summary[]) {
  const epochs = runs.flatMap((run) => run.epochs)
  const tokens = epochs.reduce((sum, epoch) => sum + epoch.tokens, 0)
  const seconds = epochs.reduce((sum, epoch) => sum + epoch.seconds, 0)
  const losses = runs[0]!.epochs.map((epoch) => epoch.loss.toFixed(3)).join(' → ')
  console.log(
    `${name.padEnd(10)} ${(tokens / seconds).toFixed(0).padStart(6)} tok/s  ${mean(epochs.map((e) => e.seconds)).toFixed(2)} s/epoch  ` +
      `wall ${mean(runs.map((r) => r.wallSeconds)).toFixed(2)} s  peak RSS ${(Math.max(...runs.map((r) => r.maxRssKb)) / 1024).toFixed(0)} MiB  ` +
      `loss ${losses}`,
  )
}

const dir = await mkdtemp(join(tmpdir(), 'licen-bench-trainer-'))
try {
  const data = join(dir, 'data.jsonl')
  await writeFile(data, syntheticJsonl(options.examples))
  const withReference = existsSync(join(options.reference, 'src', 'bench.ts'))
  console.log(
    `trainer bench: ${options.examples} examples × ${options.epochs} epochs, LoRA r=8 α=16 on all 7 projections, ` +
      `${options.rounds} rounds${withReference ? ', alternating with the reference' : ' (reference not found)'}`,
  )
  const ours: Summary[] = []
  const reference: Summary[] = []
  for (let round = 0; round < options.rounds; round++) {
    ours.push(runOurs(data, options.epochs))
    if (withReference) reference.push(runReference(data, join(dir, `reference-${round}`)))
  }
  describe('embedded', ours)
  if (withReference) {
    describe('reference', reference)
    console.log(
      '(tok/s: embedded counts input tokens without padding, the reference counts padded batch × length)',
    )
  }
  const abort = runOurs(data, 50, Math.ceil(options.examples / 8) + 10)
  console.log(
    `abort: mid-epoch abort → result in ${abort.abortToResultMs?.toFixed(0)} ms (${abort.epochs.length} whole epochs kept)`,
  )
} finally {
  await rm(dir, { recursive: true, force: true })
}
