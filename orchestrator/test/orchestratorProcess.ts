// Runs the licen-orchestrator program as a child process (the chaos test kills it with SIGKILL).
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { waitFor } from './waitFor.js'

const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url))

export type OrchestratorProcess = {
  child: ChildProcess
  url: string
  /** Every line it wrote (JSON logs on stdout, anything on stderr). */
  lines: string[]
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Spawns `src/cli/main.ts` under tsx with `env` and waits until its HTTP API answers. */
export async function spawnOrchestrator(
  env: Record<string, string>,
  port: number,
  /** Extra node flags (e.g. `--cpu-prof`). */
  nodeArgs: readonly string[] = [],
): Promise<OrchestratorProcess> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/cli/main.ts'], {
    cwd: PACKAGE_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  const collect = (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  let gone = false
  void exited.then(() => {
    gone = true
  })
  const url = `http://127.0.0.1:${port}`
  await waitFor(
    'the orchestrator process to answer',
    async () => {
      if (gone) throw new Error(`it exited: ${lines.slice(-5).join(' | ')}`)
      const response = await fetch(`${url}/health`).catch(() => undefined)
      return response?.status === 200 ? true : undefined
    },
    60_000,
    50,
  ).catch((error) => {
    if (!gone) child.kill('SIGKILL')
    throw error
  })
  return { child, url, lines, exited }
}
