// pnpm bench:e2e — request → Running and request → Completed on a throwaway devnet (the `pnpm dev` parts and
// timers, free ports, no app), one dataset (default 1 MiB of generated JSONL), several jobs of N epochs one
// after another. Per job it also splits the time: request tx, grant → Running (discovery, attest, verify,
// evidence, startJob), Running → provider Finished (download, decrypt, train, encrypt, upload), Finished →
// Completed (settlement). Prints p50/p95/min/max; `--json` ends with one JSON line.
// Options: --jobs N (3) --epochs N (3) --size BYTES (1048576) --json
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FINAL_JOB_STATES, fetchProviderJob } from '@licen/sdk'
import { generateSyntheticJsonl } from '@licen/synthetic-data'
import { benchFlags, benchUsage } from '@licen/testing'
import { z } from 'zod'
import { demoPolicy, publishAs, requestAs, waitForState } from '../src/demo/actors.js'
import { startDevnet } from '../src/startDevnet.js'

benchUsage(process.argv.slice(2), 'Usage: pnpm bench:e2e [--jobs 3] [--epochs 3] [--size 1048576] [--json]', [
  '--jobs',
  '--epochs',
  '--size',
  '--json',
])
const args = z
  .object({
    jobs: z.coerce.number().int().min(1).max(50).default(3),
    epochs: z.coerce.number().int().min(1).max(10).default(3),
    size: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024),
    json: z.boolean().default(false),
  })
  .parse(benchFlags(process.argv.slice(2)))

type Sample = {
  requestTxMs: number
  grantToRunningMs: number
  requestToRunningMs: number
  trainingMs: number
  settleMs: number
  requestToCompletedMs: number
}

const say = (line: string) => (args.json ? process.stderr : process.stdout).write(`${line}\n`)
const work = await mkdtemp(join(tmpdir(), 'licen-bench-e2e-'))
const logs: string[] = []
const devnet = await startDevnet({
  dataDir: join(work, 'devnet'),
  ports: 'free',
  app: false,
  persistChain: false,
  color: false,
  sink: (line) => {
    logs.push(line)
    if (logs.length > 2000) logs.shift()
  },
})
const info = devnet.info
const samples: Sample[] = []
let datasetBytes = 0
try {
  const jsonl = generateSyntheticJsonl({ bytes: args.size, seed: 11, recipe: 'demo' })
  datasetBytes = Buffer.byteLength(jsonl)
  const published = await publishAs({
    info,
    role: 'owner',
    jsonl,
    name: 'Bench set',
    policy: demoPolicy(info),
  })
  say(
    `e2e: ${datasetBytes} bytes (${published.rows} rows) × ${args.epochs} epochs, ${args.jobs} jobs one after another`,
  )
  say('job  request tx  grant→Running  request→Running  training  settle  request→Completed   (ms)')
  for (let i = 0; i < args.jobs; i++) {
    const job = await requestAs({
      info,
      role: 'researcher',
      datasetRoot: published.datasetRoot,
      providerId: info.providerId,
      epochs: args.epochs,
    })
    const running = await waitForState({
      info,
      jobId: job.jobId,
      states: ['Running', 'Completed', 'Failed'],
      timeoutMs: 120_000,
    })
    let finishedAt: number | undefined
    const watcher = (async () => {
      while (finishedAt === undefined) {
        const status = await fetchProviderJob({ endpoint: info.urls.provider, jobId: job.jobId }).catch(
          () => undefined,
        )
        if (status?.status.state === 'Finished' || status?.status.state === 'Failed')
          finishedAt = performance.now()
        else await new Promise((resolve) => setTimeout(resolve, 50))
      }
    })()
    const done = await waitForState({
      info,
      jobId: job.jobId,
      states: FINAL_JOB_STATES,
      timeoutMs: 3_600_000,
    })
    finishedAt ??= done.at
    await watcher
    if (done.job.stateName !== 'Completed') throw new Error(`job ${job.jobId} ended ${done.job.stateName}`)
    const sample: Sample = {
      requestTxMs: Math.round(job.grantedAt - job.requestedAt),
      grantToRunningMs: Math.round(running.at - job.grantedAt),
      requestToRunningMs: Math.round(running.at - job.requestedAt),
      trainingMs: Math.round(finishedAt - running.at),
      settleMs: Math.round(done.at - finishedAt),
      requestToCompletedMs: Math.round(done.at - job.requestedAt),
    }
    samples.push(sample)
    say(
      `${String(job.jobId).padStart(3)}  ${String(sample.requestTxMs).padStart(10)}  ${String(sample.grantToRunningMs).padStart(13)}  ${String(sample.requestToRunningMs).padStart(15)}  ${String(sample.trainingMs).padStart(8)}  ${String(sample.settleMs).padStart(6)}  ${String(sample.requestToCompletedMs).padStart(17)}`,
    )
  }
} catch (error) {
  process.stderr.write(`${logs.slice(-40).join('\n')}\n`)
  throw error
} finally {
  await devnet.stop()
  await rm(work, { recursive: true, force: true })
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
}
const stats = (key: keyof Sample) => {
  const values = samples.map((sample) => sample[key])
  return {
    p50: quantile(values, 0.5),
    p95: quantile(values, 0.95),
    min: Math.min(...values),
    max: Math.max(...values),
  }
}
const summary = {
  datasetBytes,
  epochs: args.epochs,
  jobs: samples.length,
  requestTxMs: stats('requestTxMs'),
  grantToRunningMs: stats('grantToRunningMs'),
  requestToRunningMs: stats('requestToRunningMs'),
  trainingMs: stats('trainingMs'),
  settleMs: stats('settleMs'),
  requestToCompletedMs: stats('requestToCompletedMs'),
}
say('')
for (const key of [
  'grantToRunningMs',
  'requestToRunningMs',
  'trainingMs',
  'settleMs',
  'requestToCompletedMs',
] as const) {
  const s = summary[key]
  say(
    `${key.padEnd(22)} p50 ${String(s.p50).padStart(7)}  p95 ${String(s.p95).padStart(7)}  min ${String(s.min).padStart(7)}  max ${String(s.max).padStart(7)}`,
  )
}
say(
  `goals: grant → Running ≤ 2000 ms (p50 ${summary.grantToRunningMs.p50} ms: ${summary.grantToRunningMs.p50 <= 2000 ? 'met' : 'missed'}), request → Completed ≤ 45000 ms (p50 ${summary.requestToCompletedMs.p50} ms: ${summary.requestToCompletedMs.p50 <= 45_000 ? 'met' : 'missed'})`,
)
if (args.json) process.stdout.write(`${JSON.stringify(summary)}\n`)
