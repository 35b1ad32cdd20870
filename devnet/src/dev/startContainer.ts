import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { DevnetError } from '../errors.js'
import { endWithParent } from './childProcess.js'
import { formatLogLine } from './formatLogLine.js'
import { type Podman, runPodman } from './podman.js'
import { type ImageProgram, podmanRunArgs, programMounts } from './podmanRunArgs.js'
import type { RunningPart } from './supervisor.js'

/** Parameters of {@link startContainer}. */
export type StartContainerParameters = {
  program: ImageProgram
  podman: Podman
  /** Image id `podman load` left (see ensureDevImage). */
  imageId: string
  /** The program's whole environment, as the child process would get it. */
  env: Record<string, string>
  log: (line: string) => void
  /** Resolves true once the program is healthy (polled every 100 ms; host networking). */
  healthy: () => Promise<boolean>
  /** Give up after this long; default 120 s. */
  timeoutMs?: number | undefined
  /** `podman stop --time`: seconds between SIGTERM and SIGKILL; default 15. */
  stopSeconds?: number | undefined
}

/** The container name of a devnet program. */
export const containerName = (program: ImageProgram) => `licen-dev-${program}`

/**
 * Runs a program from its image under podman (`podman run --rm --name licen-dev-<program>`, host networking, the
 * environment passed by name, its paths bound at the same paths), logs its lines, and resolves once `healthy()`
 * says so. A stale container of the same name is removed first; stop is `podman stop` with a deadline.
 */
export async function startContainer(parameters: StartContainerParameters): Promise<RunningPart> {
  const { podman, program } = parameters
  const name = containerName(program)
  await runPodman(podman, ['rm', '--force', '--ignore', '--time', '0', name], {
    waitingFor: `removing a stale container ${name}`,
    timeoutMs: 60_000,
  })
  const mounts = programMounts(program, parameters.env)
  for (const mount of mounts) if (mount.mode === 'rw-owned') mkdirSync(mount.path, { recursive: true })
  const args = podmanRunArgs({
    name,
    image: parameters.imageId,
    runtime: podman.runtime,
    env: parameters.env,
    mounts,
  })
  parameters.log(`podman ${args.join(' ')}`)
  const child = spawn(podman.command, args, {
    env: { ...podman.env, ...parameters.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  endWithParent(child)
  // The last lines go into the error of a container that ends before it is healthy (the logs may go nowhere).
  const tail: string[] = []
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => {
      tail.push(line)
      if (tail.length > 8) tail.shift()
      const shown = formatLogLine(line)
      if (shown !== undefined) parameters.log(shown)
    })
  }
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) =>
      resolve(signal ? `podman run killed by ${signal}` : `container exit code ${code}`),
    ),
  )
  let gone: string | undefined
  void exited.then((reason) => {
    gone = reason
  })
  const stopSeconds = parameters.stopSeconds ?? 15
  const stop = async () => {
    if (gone !== undefined) return
    try {
      await runPodman(podman, ['stop', '--time', String(stopSeconds), name], {
        waitingFor: `stopping the container ${name}`,
        timeoutMs: (stopSeconds + 30) * 1000,
      })
    } catch (error) {
      parameters.log(`podman stop failed (${(error as Error).message}); removing the container by force`)
      await runPodman(podman, ['rm', '--force', '--ignore', '--time', '0', name], {
        waitingFor: `removing the container ${name}`,
        timeoutMs: 60_000,
      }).catch(() => child.kill('SIGKILL'))
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    await exited
    clearTimeout(timer)
  }
  const deadline = Date.now() + (parameters.timeoutMs ?? 120_000)
  for (;;) {
    if (gone !== undefined)
      throw new DevnetError(`the container ${name} ended before it was healthy (${gone})`, {
        code: 'DEVNET_PART_FAILED',
        details: tail.join('\n') || undefined,
      })
    if (await parameters.healthy().catch(() => false)) break
    if (Date.now() > deadline) {
      await stop()
      throw new DevnetError(
        `the container ${name} did not become healthy within ${Math.round((parameters.timeoutMs ?? 120_000) / 1000)} s`,
        { code: 'DEVNET_TIMEOUT' },
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    exited,
    stop,
    // A signal goes to the program inside (podman kill), as it would to the child process.
    kill: (signal) =>
      void runPodman(podman, ['kill', '--signal', signal, name], {
        waitingFor: `podman kill ${name}`,
        timeoutMs: 30_000,
      }).catch((error: Error) => parameters.log(`podman kill failed: ${error.message}`)),
  }
}
