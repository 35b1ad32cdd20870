import type { CliIo } from '../io.js'
import { runCli } from '../runCli.js'

/** Runs `licen argv…` in-process from `cwd`; returns its exit code and what it wrote to stdout and stderr. */
export async function runCliCaptured(
  argv: string[],
  cwd = process.cwd(),
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    cwd,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
  }
  const code = await runCli(argv, io)
  return { code, stdout, stderr }
}
