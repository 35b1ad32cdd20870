// pnpm bench:provider — one job through the whole provider pipeline (signed attest → start → download, root check,
// decrypt, validate → embedded training → encrypt, upload, sign) on 200 synthetic examples × 3 epochs, against anvil,
// the devnet storage node and the dev TEE agent, with the provider running as its own process (the CLI). Side by
// side in the same run: the embedded trainer alone on the same data (bench/runEmbedded.ts), so the pipeline's
// overhead shows. Prints tokens/s, seconds per epoch, wall time and peak RSS of each; `--json` ends with one JSON line.
// Options: --examples N (200) --epochs N (3) --rounds N (1) --json
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { policyHash as hashPolicy } from '@licen/attestation-policy'
import { buildLocalPolicy, startDevTeeAgent } from '@licen/attestation-policy/dev-tee'
import { createLocalStorage, encryptLcn1, sealJobKey, signProviderRequest } from '@licen/sdk'
import { startStorageNode } from '@licen/storage-node'
import { syntheticJsonl } from '@licen/synthetic-data'
import { benchFlags, benchUsage } from '@licen/testing'
import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, type Hex } from 'viem'
import { z } from 'zod'
import { startChainFixture } from '../test/chainFixture.js'

benchUsage(
  process.argv.slice(2),
  'Usage: pnpm bench:provider [--examples 200] [--epochs 3] [--rounds 1] [--json]',
  ['--examples', '--epochs', '--rounds', '--json'],
)
const args = z
  .object({
    examples: z.coerce.number().int().min(1).default(200),
    epochs: z.coerce.number().int().min(1).max(100).default(3),
    rounds: z.coerce.number().int().min(1).max(10).default(1),
    json: z.boolean().default(false),
  })
  .parse(benchFlags(process.argv.slice(2)))

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
type Epoch = { loss: number; seconds: number; tokensPerSecond: number }
type Run = { epochs: Epoch[]; wallSeconds: number; peakRssMb: number }

const work = await mkdtemp(join(tmpdir(), 'licen-bench-provider-'))
const jsonl = syntheticJsonl(args.examples)
const dataFile = join(work, 'data.jsonl')
await writeFile(dataFile, jsonl, { mode: 0o600 })

const fixture = await startChainFixture()
const storageNode = await startStorageNode({ dataDir: join(work, 'storage'), port: 0 })
const agent = await startDevTeeAgent({ port: 0 })
const storage = createLocalStorage({ url: storageNode.url })
const policy = buildLocalPolicy()
const policyHash = hashPolicy(policy)
await fixture.allowPolicy(policyHash)

/** Starts the provider CLI and resolves with its URL once it listens; collects its log lines. */
async function startProvider(): Promise<{ url: string; child: ChildProcess; logs: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', here('../src/cli/main.ts')], {
    env: {
      ...process.env,
      LICEN_RPC_URL: fixture.rpcUrl,
      LICEN_CHAIN_ID: String(fixture.chainId),
      LICEN_DATA_POLICY: fixture.dataPolicy,
      LICEN_PROVIDER_ID: '1',
      LICEN_DSTACK_ENDPOINT: agent.url,
      LICEN_STORAGE_URL: storageNode.url,
      LICEN_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logs: string[] = []
  createInterface({ input: child.stderr! }).on('line', (line) => logs.push(line))
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve)
    child.once('exit', (code) =>
      reject(new Error(`provider exited with ${code}: ${logs.slice(-5).join('\n')}`)),
    )
  })
  return { url: (JSON.parse(first) as { url: string }).url, child, logs }
}

/** One job through the provider: the bench plays owner, researcher and orchestrator. */
async function pipelineRound(provider: { url: string; logs: string[] }): Promise<Run> {
  const key = crypto.getRandomValues(new Uint8Array(32))
  const { root: datasetRoot } = await storage.upload(
    await encryptLcn1(new TextEncoder().encode(jsonl), { key }),
  )
  await fixture.registerDataset(datasetRoot, policyHash)
  const resultPubKey = bytesToHex(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true))
  const jobId = await fixture.requestAccess(datasetRoot, args.epochs, resultPubKey)
  const post = async (path: string, body: unknown) => {
    const text = JSON.stringify(body)
    const headers = await signProviderRequest({
      account: fixture.orchestrator,
      method: 'POST',
      path,
      body: text,
    })
    const response = await fetch(`${provider.url}${path}`, {
      method: 'POST',
      body: text,
      headers: { 'content-type': 'application/json', ...headers },
    })
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
    return response.json() as Promise<Record<string, Hex>>
  }
  const nonce = bytesToHex(crypto.getRandomValues(new Uint8Array(32)))
  const answer = await post(`/v1/jobs/${jobId}/attest`, {
    nonce,
    chainId: fixture.chainId,
    dataPolicy: fixture.dataPolicy,
  })
  await fixture.startJob(jobId, answer.signer!, `0x${'ee'.repeat(32)}`, policyHash)
  const sealedKey = bytesToHex(
    sealJobKey({
      chainId: fixture.chainId,
      contract: fixture.dataPolicy,
      jobId,
      datasetRoot,
      providerPublicKey: answer.encPubKey!,
      key,
    }),
  )
  const started = performance.now()
  await post(`/v1/jobs/${jobId}/start`, {
    sealedKey,
    spec: { datasetRoot, epochs: args.epochs, resultPubKey },
  })
  for (;;) {
    const view = (await (await fetch(`${provider.url}/v1/jobs/${jobId}`)).json()) as {
      status: { state: string }
    }
    if (view.status.state === 'Failed') throw new Error(`job failed: ${JSON.stringify(view.status)}`)
    if (view.status.state === 'Finished') break
    await new Promise((r) => setTimeout(r, 50))
  }
  const wallSeconds = (performance.now() - started) / 1000
  const epochs = provider.logs
    .map(
      (line) =>
        JSON.parse(line) as {
          msg: string
          jobId?: string
          loss: number
          seconds: number
          tokensPerSecond: number
        },
    )
    .filter((entry) => entry.msg === 'epoch finished' && entry.jobId === String(jobId))
    .map(({ loss, seconds, tokensPerSecond }) => ({ loss, seconds, tokensPerSecond }))
  const metrics = await (await fetch(`${provider.url}/metrics`)).text()
  const peak = Number(/^licen_provider_peak_resident_memory_bytes (\d+)$/m.exec(metrics)?.[1] ?? Number.NaN)
  return { epochs, wallSeconds, peakRssMb: peak / 2 ** 20 }
}

/** The embedded trainer alone on the same file (the trainer engineer's bench child). */
function trainerRound(): Run {
  const out = spawnSync(
    process.execPath,
    ['--import', 'tsx', here('./runEmbedded.ts'), dataFile, String(args.epochs)],
    {
      encoding: 'utf8',
      maxBuffer: 16 << 20,
    },
  )
  if (out.status !== 0) throw new Error(`trainer bench failed: ${out.stderr.slice(-2000)}`)
  const result = JSON.parse(out.stdout.trim().split('\n').at(-1)!) as {
    epochs: Epoch[]
    wallSeconds: number
    maxRssKb: number
  }
  return { epochs: result.epochs, wallSeconds: result.wallSeconds, peakRssMb: result.maxRssKb / 1024 }
}

const summary = (run: Run) => {
  const seconds = run.epochs.reduce((sum, e) => sum + e.seconds, 0)
  const tokens = run.epochs.reduce((sum, e) => sum + e.tokensPerSecond * e.seconds, 0)
  return {
    tokensPerSecond: Math.round(tokens / seconds),
    secondsPerEpoch: Number((seconds / run.epochs.length).toFixed(2)),
    losses: run.epochs.map((e) => Number(e.loss.toFixed(3))),
    wallSeconds: Number(run.wallSeconds.toFixed(2)),
    peakRssMb: Math.round(run.peakRssMb),
  }
}

const provider = await startProvider()
const rows: { round: number; kind: string; stats: ReturnType<typeof summary> }[] = []
try {
  for (let round = 1; round <= args.rounds; round++) {
    // Alternate the order: the machine is noisy and the first run of a round warms caches.
    const order = round % 2 === 1 ? (['pipeline', 'trainer'] as const) : (['trainer', 'pipeline'] as const)
    for (const kind of order) {
      const run = kind === 'pipeline' ? await pipelineRound(provider) : trainerRound()
      rows.push({ round, kind, stats: summary(run) })
    }
  }
} finally {
  provider.child.kill('SIGTERM')
  await new Promise((resolve) => provider.child.once('exit', resolve))
  await agent.close()
  await storageNode.close()
  await fixture.stop()
  await rm(work, { recursive: true, force: true })
}

console.log(`provider pipeline vs embedded trainer alone: ${args.examples} examples × ${args.epochs} epochs`)
console.log('round  kind       tokens/s  s/epoch  wall s  peak RSS MB  loss per epoch')
for (const { round, kind, stats } of rows) {
  console.log(
    `${String(round).padEnd(6)} ${kind.padEnd(10)} ${String(stats.tokensPerSecond).padStart(8)}  ${String(stats.secondsPerEpoch).padStart(7)}  ${String(stats.wallSeconds).padStart(6)}  ${String(stats.peakRssMb).padStart(11)}  ${stats.losses.join(' → ')}`,
  )
}
const best = (kind: string) => rows.filter((r) => r.kind === kind).at(-1)!.stats
if (args.json) console.log(JSON.stringify({ pipeline: best('pipeline'), trainer: best('trainer') }))
