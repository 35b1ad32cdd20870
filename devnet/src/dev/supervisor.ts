import { styleText } from 'node:util'
import { DevnetError } from '../errors.js'

/** A running part of the devnet. */
export type RunningPart = {
  /** Stops the part; resolves once it is gone. */
  stop: () => Promise<void>
  /** Resolves with a reason when the part exits; never resolves for in-process parts that cannot die. */
  exited: Promise<string>
  /** Sends a signal to the part's process (child-process parts only). */
  kill?: ((signal: NodeJS.Signals) => void) | undefined
}

/** A part of the devnet: started in order, each only after the previous one is healthy. */
export type Part = {
  name: string
  /** Starts the part and resolves once it is healthy. */
  start: (log: (line: string) => void) => Promise<RunningPart>
}

/** Where the supervisor writes: one prefixed line at a time. */
export type LogSink = (line: string) => void

const colors = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'red', 'white', 'gray'] as const
const TAIL_LINES = 12

/** Returns a function that writes lines prefixed with a padded (and, on a TTY, coloured) part name. */
export function prefixedLogger(name: string, index: number, sink: LogSink, color: boolean, width = 12) {
  const label = `${name.padEnd(width)} │`
  const prefix = color ? styleText(colors[index % colors.length]!, label) : label
  return (line: string) => sink(`${prefix} ${line}`)
}

/** Control over the started parts. */
export type Supervisor = {
  /** Stops every running part in reverse start order. */
  stop: () => Promise<void>
  /** Resolves with a reason (with the part's last log lines) when a part exits that nobody stopped. */
  failed: Promise<string>
  /** Stops one part on purpose (no failure is reported). */
  stopPart: (name: string) => Promise<void>
  /** Starts a stopped part again and resolves once it is healthy. */
  startPart: (name: string) => Promise<void>
  /** Sends `signal` to a part's process and resolves with its exit reason (no failure is reported). */
  killPart: (name: string, signal: NodeJS.Signals) => Promise<string>
  /** Marks the part's next exit as intended (e.g. a fault injected into it), so it is not reported. */
  expectExit: (name: string) => void
  /** Whether the part is running. */
  isRunning: (name: string) => boolean
}

/** Options of {@link startParts}. */
export type StartPartsOptions = {
  sink?: LogSink | undefined
  color?: boolean | undefined
  /** Parts not started now (`startPart` starts them later). */
  deferred?: readonly string[] | undefined
  /** Aborting stops the start after the current part and stops what runs (DEVNET_ABORTED). */
  signal?: AbortSignal | undefined
}

/**
 * Starts parts one after another, each after the previous is healthy. A part that exits without being stopped
 * resolves `failed` with its name, exit reason and last log lines; the caller reports it. A part that fails to
 * start stops the ones already running and rejects with DEVNET_PART_FAILED.
 */
export async function startParts(
  parts: readonly Part[],
  options: StartPartsOptions = {},
): Promise<Supervisor> {
  const sink = options.sink ?? ((line: string) => process.stdout.write(`${line}\n`))
  const color = options.color ?? (process.stdout.isTTY === true && !process.env.NO_COLOR)
  const width = Math.max(12, ...parts.map((part) => part.name.length))
  const running = new Map<string, RunningPart>()
  const expected = new Set<string>()
  const tails = new Map<string, string[]>()
  let stopping = false
  let reportFailure: (reason: string) => void = () => {}
  const failed = new Promise<string>((resolve) => {
    reportFailure = resolve
  })

  const loggers = new Map(
    parts.map((part, index) => {
      const write = prefixedLogger(part.name, index, sink, color, width)
      const tail: string[] = []
      tails.set(part.name, tail)
      return [
        part.name,
        (line: string) => {
          tail.push(line)
          if (tail.length > TAIL_LINES) tail.shift()
          write(line)
        },
      ]
    }),
  )

  const find = (name: string) => {
    const part = parts.find((candidate) => candidate.name === name)
    if (!part) throw new DevnetError(`no part named ${name}`, { code: 'DEVNET_USAGE' })
    return part
  }

  const startOne = async (part: Part) => {
    const log = loggers.get(part.name)!
    const started = Date.now()
    let handle: RunningPart
    try {
      handle = await part.start(log)
    } catch (error) {
      const e = error as { code?: string; shortMessage?: string; message?: string; details?: string }
      throw new DevnetError(`${part.name} failed to start: ${e.shortMessage ?? e.message}`, {
        code: 'DEVNET_PART_FAILED',
        details: [e.code, e.details].filter(Boolean).join(': ') || undefined,
        cause: error,
      })
    }
    running.set(part.name, handle)
    expected.delete(part.name)
    log(`healthy in ${Date.now() - started} ms`)
    void handle.exited.then((reason) => {
      if (running.get(part.name) === handle) running.delete(part.name)
      if (stopping || expected.has(part.name)) return
      const tail = tails.get(part.name)!.slice(-6)
      reportFailure(
        `${part.name} died (${reason})${tail.length ? `; its last lines:\n${tail.map((line) => `    ${line}`).join('\n')}` : ''}`,
      )
    })
  }

  const stopOne = async (name: string) => {
    const handle = running.get(name)
    if (!handle) return
    expected.add(name)
    await handle.stop().catch(() => {})
    running.delete(name)
  }

  const stop = async () => {
    stopping = true
    for (const part of [...parts].reverse()) await stopOne(part.name)
  }

  for (const part of parts) {
    if (options.deferred?.includes(part.name)) continue
    try {
      if (options.signal?.aborted)
        throw new DevnetError(`start stopped before ${part.name}`, { code: 'DEVNET_ABORTED' })
      await startOne(part)
    } catch (error) {
      await stop()
      throw error
    }
  }
  if (options.signal?.aborted) {
    await stop()
    throw new DevnetError('start stopped after the last part', { code: 'DEVNET_ABORTED' })
  }

  return {
    stop,
    failed,
    stopPart: (name) => stopOne(find(name).name),
    startPart: async (name) => {
      const part = find(name)
      if (!running.has(part.name)) await startOne(part)
    },
    killPart: async (name, signal) => {
      const handle = running.get(find(name).name)
      if (!handle?.kill) throw new DevnetError(`${name} is not a running process`, { code: 'DEVNET_USAGE' })
      expected.add(name)
      return new Promise<string>((resolve) => {
        void handle.exited.then(resolve)
        handle.kill?.(signal)
      })
    },
    expectExit: (name) => void expected.add(find(name).name),
    isRunning: (name) => running.has(name),
  }
}
