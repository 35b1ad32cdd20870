// `pnpm demo`: the headless lifecycle against the running devnet (pnpm dev), or one it starts itself.
import { resolve } from 'node:path'
import { z } from 'zod'
import { connectDevnet } from '../demo/connectDevnet.js'
import { type DemoMode, type DemoResult, runDemo } from '../demo/runDemo.js'
import { DevnetError } from '../errors.js'

const USAGE = `usage: pnpm demo [--json] [--fail provider|reclaim] [--epochs <n>] [--size <bytes>] [--data-dir <dir>]

  (default)          publish, request ${'3'} epochs, wait for completion, download and verify, audit
  --fail provider    the provider is stopped mid-training: its enclave signs a failure, the escrow is refunded
  --fail reclaim     the job's provider and the orchestrator are down: the researcher reclaims the escrow after the
                     deadline (≥ 60 s; always on a throwaway devnet without an orchestrator, which would fail the
                     job before its deadline)
  --json             print one final JSON line on stdout (steps go to stderr)
  --epochs <n>       epochs to pay for (default 3)
  --size <bytes>     size of the generated JSONL dataset (default 32768)
  --data-dir <dir>   where \`pnpm dev\` runs (default .devnet); without a running devnet a throwaway one is started`

const argsSchema = z.object({
  json: z.boolean(),
  fail: z.enum(['provider', 'reclaim']).optional(),
  epochs: z.coerce.number().int().min(1).max(100),
  size: z.coerce
    .number()
    .int()
    .min(256)
    .max(256 * 1024 * 1024),
  dataDir: z.string().min(1),
})

function parseArgs(argv: readonly string[], cwd: string) {
  const flags: Record<string, string | boolean> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') continue
    if (arg === '--json') flags.json = true
    else if (arg === '--help' || arg === '-h') throw new DevnetError(USAGE, { code: 'DEVNET_USAGE' })
    else if (['--fail', '--epochs', '--size', '--data-dir'].includes(arg)) {
      const value = argv[++i]
      if (value === undefined)
        throw new DevnetError(`${arg} needs a value\n\n${USAGE}`, { code: 'DEVNET_USAGE' })
      flags[arg.slice(2)] = value
    } else throw new DevnetError(`unknown argument ${arg}\n\n${USAGE}`, { code: 'DEVNET_USAGE' })
  }
  const parsed = argsSchema.safeParse({
    json: flags.json === true,
    fail: flags.fail,
    epochs: flags.epochs ?? 3,
    size: flags.size ?? 32_768,
    dataDir: resolve(cwd, String(flags['data-dir'] ?? process.env.LICEN_DEVNET_DIR ?? '.devnet')),
  })
  if (!parsed.success)
    throw new DevnetError(`${z.prettifyError(parsed.error)}\n\n${USAGE}`, { code: 'DEVNET_USAGE' })
  return parsed.data
}

const EXPECTED: Record<DemoMode, string> = { complete: 'Completed', provider: 'Failed', reclaim: 'Reclaimed' }

async function main(): Promise<number> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(USAGE)
    return 0
  }
  const args = parseArgs(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd())
  const mode: DemoMode = args.fail ?? 'complete'
  // With --json, stdout carries only the final line.
  const say = (line: string) => (args.json ? process.stderr : process.stdout).write(`${line}\n`)
  // A running orchestrator fails a job it cannot start before its deadline is near (DEADLINE_TOO_CLOSE, judged
  // by chain time), so the deadline of an open job passes only on a devnet without one.
  const withoutOrchestrator = mode === 'reclaim'
  const devnet = await connectDevnet({
    dataDir: args.dataDir,
    withoutOrchestrator,
    onStart: (logFile) =>
      say(
        withoutOrchestrator
          ? `--fail reclaim: starting a throwaway devnet without an orchestrator (logs: ${logFile})…`
          : `no devnet running in ${args.dataDir}: starting a throwaway one (logs: ${logFile})…`,
      ),
  })
  say(
    devnet.started
      ? `devnet up: DataPolicy ${devnet.info.dataPolicy} on ${devnet.info.rpcUrl}`
      : `using the running devnet (pid ${devnet.info.pid}): DataPolicy ${devnet.info.dataPolicy} on ${devnet.info.rpcUrl}`,
  )
  let result: DemoResult | undefined
  try {
    result = await runDemo({
      info: devnet.info,
      mode,
      datasetBytes: args.size,
      epochs: args.epochs,
      onStep: ({ name, ms, detail }) =>
        say(`✓ ${name.padEnd(26)} ${`${(ms / 1000).toFixed(2)} s`.padStart(8)}  ${detail}`),
      onProgress: (line) => say(`  … ${line}`),
    })
  } catch (error) {
    if (devnet.logFile) say(`devnet logs kept in ${devnet.logFile}`)
    await devnet.close(true)
    throw error
  }
  await devnet.close()
  const ok =
    result.state === EXPECTED[mode] && result.auditOk !== false && result.releaseKeyVerified !== false
  if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`)
  else {
    say('')
    say(
      ok
        ? `${mode === 'complete' ? 'lifecycle complete' : `failure path (${mode}) as expected`}: job ${result.jobId} ${result.state}`
        : `✗ job ${result.jobId} ended ${result.state}, expected ${EXPECTED[mode]}`,
    )
    say(JSON.stringify(result, null, 2))
  }
  return ok ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof DevnetError)
      console.error(`✗ ${error.shortMessage}${error.details ? `\n  ${error.details}` : ''}`)
    else {
      const e = error as { code?: string; shortMessage?: string; details?: string; message?: string }
      console.error(
        `✗ ${e.code ? `${e.code}: ` : ''}${e.shortMessage ?? e.message}${e.details ? ` (${e.details})` : ''}`,
      )
    }
    process.exit(error instanceof DevnetError && error.code === 'DEVNET_USAGE' ? 2 : 1)
  },
)
