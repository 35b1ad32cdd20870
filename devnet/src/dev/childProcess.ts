import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { DevnetError } from '../errors.js'
import { formatLogLine } from './formatLogLine.js'
import type { RunningPart } from './supervisor.js'

/** Parameters of {@link startChild}. */
export type StartChildParameters = {
  /** Absolute path of the entry point (TypeScript runs with `node --import tsx`), e.g. a package's bin. */
  script: string
  args?: readonly string[] | undefined
  /** Working directory (the program's package, so `tsx` and its dependencies resolve). */
  cwd: string
  /** The whole environment of the child (nothing is inherited but PATH, HOME and TMPDIR). */
  env: Record<string, string>
  log: (line: string) => void
  /** Resolves true once the program is healthy (polled every 100 ms). */
  healthy: () => Promise<boolean>
  /** Give up after this long; default 90 s. */
  timeoutMs?: number | undefined
  /** Called with stdout lines before they are logged (e.g. to read a URL the program prints). */
  onLine?: ((line: string) => void) | undefined
  /** After SIGTERM, how long to wait before SIGKILL; default 15 s. */
  stopTimeoutMs?: number | undefined
}

/** A child-process part, with its process. */
export type ChildPart = RunningPart & { child: ChildProcess }

const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'] as const

// Children still running when this process exits (a crash, process.exit) get SIGTERM instead of living on.
const living = new Set<ChildProcess>()
let exitHook = false

/** Makes sure `child` is signalled if this process exits before it. */
export function endWithParent(child: ChildProcess): void {
  living.add(child)
  child.once('exit', () => living.delete(child))
  if (exitHook) return
  exitHook = true
  process.once('exit', () => {
    for (const running of living) running.kill('SIGTERM')
  })
}

/** Starts a program as a child process, logs its lines, and resolves once `healthy()` says so. */
export async function startChild(parameters: StartChildParameters): Promise<ChildPart> {
  const env: Record<string, string> = {}
  for (const name of INHERITED) if (process.env[name]) env[name] = process.env[name]!
  const loader = /\.[cm]?ts$/.test(parameters.script) ? ['--import', 'tsx'] : []
  const child = spawn(process.execPath, [...loader, parameters.script, ...(parameters.args ?? [])], {
    cwd: parameters.cwd,
    env: { ...env, ...parameters.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  endWithParent(child)
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => {
      parameters.onLine?.(line)
      const shown = formatLogLine(line)
      if (shown !== undefined) parameters.log(shown)
    })
  }
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ? `killed by ${signal}` : `exit code ${code}`)),
  )
  let gone: string | undefined
  void exited.then((reason) => {
    gone = reason
  })
  const stop = async () => {
    if (gone !== undefined) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), parameters.stopTimeoutMs ?? 15_000)
    await exited
    clearTimeout(timer)
  }
  const deadline = Date.now() + (parameters.timeoutMs ?? 90_000)
  for (;;) {
    if (gone !== undefined) {
      throw new DevnetError(`the process ended before it was healthy (${gone})`, {
        code: 'DEVNET_PART_FAILED',
      })
    }
    if (await parameters.healthy().catch(() => false)) break
    if (Date.now() > deadline) {
      await stop()
      throw new DevnetError('the process did not become healthy in time', { code: 'DEVNET_TIMEOUT' })
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { child, exited, stop, kill: (signal) => child.kill(signal) }
}

/** True when `url` answers 200 within a second (GET unless `method` says otherwise). */
export async function answers(url: string, method: 'GET' | 'POST' = 'GET'): Promise<boolean> {
  const response = await fetch(url, {
    method,
    ...(method === 'POST' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}),
    signal: AbortSignal.timeout(1_000),
  }).catch(() => undefined)
  await response?.body?.cancel()
  return response?.status === 200
}
