import { styleText } from 'node:util'

/** A running part of the devnet. */
export type RunningPart = {
  /** Stops the part; resolves once it is gone. */
  stop: () => Promise<void>
  /** Resolves when the part exits on its own (a crash); never resolves for in-process parts that cannot die. */
  exited: Promise<string>
}

/** A part of the devnet: started in order, each only after the previous one is healthy. */
export type Part = {
  name: string
  /** Starts the part and resolves once it is healthy. */
  start: (log: (line: string) => void) => Promise<RunningPart>
}

const colors = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'red'] as const

/** Returns a function that prints lines prefixed with a padded, coloured part name. */
export function prefixedLogger(name: string, index: number, width = 12): (line: string) => void {
  const prefix = styleText(colors[index % colors.length]!, `${name.padEnd(width)} │`)
  return (line) => process.stdout.write(`${prefix} ${line}\n`)
}

export type SupervisorResult = { stop: () => Promise<void>; failed: Promise<string> }

/**
 * Starts parts one after another, each after the previous is healthy. If a part dies, `failed` resolves with a
 * reason (the caller reports it and stops the rest). `stop` stops every started part in reverse order.
 */
export async function startParts(parts: readonly Part[]): Promise<SupervisorResult> {
  const running: { name: string; part: RunningPart }[] = []
  let stopping = false
  let reportFailure: (reason: string) => void = () => {}
  const failed = new Promise<string>((resolve) => {
    reportFailure = resolve
  })
  const stop = async () => {
    stopping = true
    for (const { part } of running.reverse()) await part.stop().catch(() => {})
  }
  for (const [index, part] of parts.entries()) {
    const log = prefixedLogger(part.name, index)
    const started = Date.now()
    try {
      const handle = await part.start(log)
      running.push({ name: part.name, part: handle })
      log(`healthy in ${Date.now() - started} ms`)
      handle.exited.then((reason) => {
        if (!stopping) reportFailure(`${part.name} died: ${reason}`)
      })
    } catch (error) {
      await stop()
      throw new Error(
        `${part.name} failed to start: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }
  return { stop, failed }
}
