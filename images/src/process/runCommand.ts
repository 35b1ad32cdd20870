import { spawn } from 'node:child_process'
import { ImageError } from '../errors.js'
import { installHint } from './requireTool.js'

export type RunCommandParameters = {
  command: string
  args: readonly string[]
  /** How long to wait before the command (and its process group) is killed. */
  timeoutMs: number
  /** What the command produces, for the timeout message ("the Debian base rootfs"). */
  waitingFor: string
  cwd?: string | undefined
  env?: NodeJS.ProcessEnv | undefined
  /** Called with every chunk the command writes to stderr (progress for people). */
  onStderr?: ((chunk: string) => void) | undefined
}

export type CommandResult = { stdout: string; stderr: string }

const TAIL = 4000
const tail = (text: string) => (text.length > TAIL ? `…${text.slice(-TAIL)}` : text)

/**
 * Runs a child process with a deadline. It runs in its own process group, so a timeout kills what it started too
 * (apt under mmdebstrap, node under pnpm). Fails with `IMAGE_COMMAND_TIMEOUT` naming what it waited for, with
 * `IMAGE_COMMAND_FAILED` and the end of stderr on a non-zero exit, with `IMAGE_TOOL_MISSING` when not installed.
 */
export function runCommand(parameters: RunCommandParameters): Promise<CommandResult> {
  const { command, args, timeoutMs, waitingFor } = parameters
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: parameters.cwd,
      env: parameters.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL')
      } catch {
        child.kill('SIGKILL')
      }
    }, timeoutMs)
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = tail(stderr + chunk)
      parameters.onStderr?.(chunk)
    })
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      if (error.code === 'ENOENT') {
        reject(
          new ImageError(`${command} is not installed; ${installHint(command)}`, {
            code: 'IMAGE_TOOL_MISSING',
            cause: error,
          }),
        )
      } else reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (timedOut) {
        reject(
          new ImageError(`${command} did not finish within ${timeoutMs / 1000} s.`, {
            code: 'IMAGE_COMMAND_TIMEOUT',
            details: `waited for ${waitingFor}`,
          }),
        )
      } else if (code !== 0) {
        reject(
          new ImageError(`${command} failed (${signal ?? `exit ${code}`}) while making ${waitingFor}.`, {
            code: 'IMAGE_COMMAND_FAILED',
            details: `${command} ${args.join(' ')}\n${tail(stderr.trim() || stdout.trim())}`,
          }),
        )
      } else resolve({ stdout, stderr })
    })
  })
}
