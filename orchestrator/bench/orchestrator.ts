// pnpm bench:orchestrator [--jobs 200] [--db pglite,postgres] [--concurrency 64] [--rate 0] [--train 0] [--json]
//
// N jobs granted at once on the local chain, worked by the licen-orchestrator program (a child process, as
// deployed) against fast fake providers (dev-TEE quotes, real signatures; no training). Prints, per database,
// grant → Running latency (startJob mined) and grant → key handed over, p50/p95/max, throughput, time to settle
// all, and the orchestrator process's peak RSS. PGlite and Postgres run side by side in one invocation.
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { freePort } from '@licen/contracts'
import { requestAccess } from '@licen/sdk'
import { benchUsage, postgresBinDir, startPostgres } from '@licen/testing'
import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, createWalletClient, http, nonceManager, parseGwei } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { type Environment, startEnvironment } from '../test/environment.js'
import { startFakeProvider } from '../test/fakeProvider.js'
import { spawnOrchestrator } from '../test/orchestratorProcess.js'
import { publishDataset } from '../test/publishDataset.js'

benchUsage(
  process.argv.slice(2),
  'Usage: pnpm bench:orchestrator [--jobs 200] [--db pglite,postgres] [--concurrency 64] [--rate 0] [--train 0] [--json] [--log <file>] [--profile <dir>]',
  ['--jobs', '--db', '--concurrency', '--rate', '--train', '--json', '--log', '--profile'],
)
const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '200' },
    db: { type: 'string', default: 'pglite,postgres' },
    concurrency: { type: 'string', default: '64' },
    /** Grants per second; 0 grants all jobs at once (a burst). */
    rate: { type: 'string', default: '0' },
    /** Seconds each job reports Training before it finishes (jobs stay concurrent and are polled meanwhile). */
    train: { type: 'string', default: '0' },
    json: { type: 'boolean', default: false },
    /** Write the orchestrator's log lines to this file (one per database, suffixed). */
    log: { type: 'string' },
    /** Write a V8 CPU profile of the orchestrator process into this directory. */
    profile: { type: 'string' },
  },
})
const N = Number(values.jobs)
const CONCURRENCY = Number(values.concurrency)
const RATE = Number(values.rate)
const LOCAL_POLICY = resolve(
  fileURLToPath(new URL('../../attestation-policy/policies/local.json', import.meta.url)),
)

type Result = {
  database: string
  jobs: number
  running: { p50: number; p95: number; max: number }
  handedOver: { p50: number; p95: number; max: number }
  /** Jobs that reached Running per second, first grant to last Running. */
  throughputJobsPerSecond: number
  allRunningSeconds: number
  allSettledSeconds: number
  peakRssMiB: number
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.at(-1)! }
}

async function run(
  env: Environment,
  database: 'pglite' | 'postgres',
  _providerUrl: string,
  providerId: number,
): Promise<Result> {
  const pg = database === 'postgres' ? await startPostgres() : undefined
  const port = await freePort()
  const child = await spawnOrchestrator(
    {
      LICEN_RPC_URL: env.chain.rpcUrl,
      LICEN_CHAIN_ID: String(env.chain.chainId),
      LICEN_DATA_POLICY: env.chain.dataPolicy,
      LICEN_FROM_BLOCK: String(await env.chain.public.getBlockNumber()),
      LICEN_ORCHESTRATOR_KEY: env.chain.keyOf('orchestrator'),
      LICEN_RELEASE_KEY_SOURCE: 'env',
      LICEN_RELEASE_KEY: env.releaseKey,
      LICEN_STORAGE_URL: env.storageNode.url,
      LICEN_PCCS_URL: env.agent.url,
      LICEN_POLICY_FILES: LOCAL_POLICY,
      ...(pg
        ? { DATABASE_URL: pg.url }
        : { LICEN_ORCHESTRATOR_DATA_DIR: join(env.workDir, `bench-${Date.now()}`) }),
      LICEN_ORCHESTRATOR_PORT: String(port),
      LICEN_LOG_LEVEL: 'debug',
      LICEN_MAX_CONCURRENT_JOBS: String(CONCURRENCY),
      // One fake provider stands for many here: its per-provider limit must not be what is measured.
      LICEN_MAX_JOBS_PER_PROVIDER: String(CONCURRENCY),
      LICEN_DISCOVERY_INTERVAL_MS: '1000',
      LICEN_TRACK_INTERVAL_MS: '2000',
      LICEN_RECEIPT_POLLING_MS: '50',
      LICEN_MIN_RUN_SECONDS: '60',
    },
    port,
    values.profile ? [`--cpu-prof`, `--cpu-prof-dir=${values.profile}`] : [],
  )
  const dataset = await publishDataset({
    chain: env.chain,
    storage: env.storage,
    releasePublicKey: env.releasePublicKey,
    jsonl: `{"text":"bench ${database}"}\n`,
  })
  const researcher = createWalletClient({
    account: privateKeyToAccount(env.chain.keyOf('researcher'), { nonceManager }),
    transport: http(env.chain.rpcUrl),
  })
  const resultPubKey = bytesToHex(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true))
  const granted = new Map<string, number>()
  await Promise.all(
    Array.from({ length: N }, async (_, i) => {
      if (RATE > 0) await new Promise((r) => setTimeout(r, (i * 1000) / RATE))
      const { jobId } = await requestAccess(researcher, {
        address: env.chain.dataPolicy,
        datasetRoot: dataset.datasetRoot,
        purposeId: 0,
        epochs: 1,
        providerId,
        resultPubKey,
        pollingIntervalMs: 50,
      })
      granted.set(String(jobId), Date.now())
    }),
  )
  const seen = (msg: string) => {
    const times = new Map<string, number>()
    for (const line of child.lines) {
      if (!line.includes(msg)) continue
      const entry = JSON.parse(line) as { time: string; jobId: string }
      if (granted.has(entry.jobId)) times.set(entry.jobId, Date.parse(entry.time))
    }
    return times
  }
  const deadline = Date.now() + 600_000
  while (seen('"msg":"handover end"').size < N && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200))
  const running = seen('"msg":"startJob end"')
  const handedOver = seen('"msg":"handover end"')
  while (seen('"msg":"settle end"').size < N && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200))
  const settled = seen('"msg":"settle end"')
  if (running.size < N || settled.size < N)
    throw new Error(`${database}: only ${running.size} running, ${settled.size} settled of ${N}`)
  if (values.log) writeFileSync(`${values.log}.${database}`, `${child.lines.join('\n')}\n`)
  const status = readFileSync(`/proc/${child.child.pid}/status`, 'utf8')
  const peakKiB = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0)
  child.child.kill('SIGTERM')
  const exit = await child.exited
  if (exit.code !== 0)
    console.error(
      `${database}: the orchestrator exited with ${JSON.stringify(exit)}: ${child.lines.slice(-3).join(' | ')}`,
    )
  await pg?.stop()
  const latency = (times: Map<string, number>) =>
    [...times].map(([jobId, at]) => (at - granted.get(jobId)!) / 1000)
  const lastRunning = Math.max(...running.values())
  const firstGrant = Math.min(...granted.values())
  return {
    database,
    jobs: N,
    running: stats(latency(running)),
    handedOver: stats(latency(handedOver)),
    throughputJobsPerSecond: N / ((lastRunning - firstGrant) / 1000),
    allRunningSeconds: (lastRunning - firstGrant) / 1000,
    allSettledSeconds: (Math.max(...settled.values()) - firstGrant) / 1000,
    peakRssMiB: peakKiB / 1024,
  }
}

async function main() {
  const databases = values.db
    .split(',')
    .filter((d): d is 'pglite' | 'postgres' => d === 'pglite' || d === 'postgres')
  if (databases.includes('postgres') && postgresBinDir() === undefined) {
    console.error('PostgreSQL server binaries not found: skipping postgres')
    databases.splice(databases.indexOf('postgres'), 1)
  }
  const env = await startEnvironment({ storageProcess: true })
  const provider = await startFakeProvider({
    rpcUrl: env.chain.rpcUrl,
    chainId: env.chain.chainId,
    dataPolicy: env.chain.dataPolicy,
    tee: env.agent.tee,
    openKeys: false,
    trainMs: Number(values.train) * 1000,
  })
  const providerId = await env.chain.registerProvider(provider.url, parseGwei('2'))
  const results: Result[] = []
  try {
    for (const database of databases) results.push(await run(env, database, provider.url, providerId))
  } finally {
    await provider.close()
    await env.stop()
  }
  if (values.json) {
    console.log(JSON.stringify(results, null, 2))
    return
  }
  const f = (n: number) => n.toFixed(2).padStart(7)
  const arrival = RATE > 0 ? `granted at ${RATE}/s` : 'granted at once'
  const training = Number(values.train) > 0 ? `, each training ${values.train} s` : ''
  console.log(
    `orchestrator: ${N} jobs ${arrival}${training}, fast fake providers, max ${CONCURRENCY} in flight`,
  )
  console.log(
    'database   grant→Running s (p50 / p95 / max)   grant→key handed over s (p50 / p95 / max)   jobs/s   all Running s   all settled s   peak RSS MiB',
  )
  for (const r of results) {
    console.log(
      `${r.database.padEnd(10)} ${f(r.running.p50)} ${f(r.running.p95)} ${f(r.running.max)}             ${f(r.handedOver.p50)} ${f(r.handedOver.p95)} ${f(r.handedOver.max)}                ${f(r.throughputJobsPerSecond)}  ${f(r.allRunningSeconds)}         ${f(r.allSettledSeconds)}        ${r.peakRssMiB.toFixed(0).padStart(5)}`,
    )
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
