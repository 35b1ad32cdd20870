// The programs a user runs (`pnpm licen …`, `pnpm licen-attest …`, `pnpm demo`), run as child processes.
import { execFile } from 'node:child_process'
import { resolvePackageBin } from '../src/dev/packageBin.js'
import { repoPath } from '../src/dev/paths.js'

/** A finished program: exit code, output and stdout parsed as JSON when it is one JSON value. */
export type ProgramResult = { code: number; stdout: string; stderr: string; json: unknown }

/**
 * Runs a program's entry point (absolute; TypeScript under tsx) with `args` (INIT_CWD = `cwd`, as `pnpm <script>`
 * sets it).
 */
export function runProgram(
  script: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = 180_000,
): Promise<ProgramResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...(/\.[cm]?ts$/.test(script) ? ['--import', 'tsx'] : []), script, ...args],
      {
        cwd: repoPath(),
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', INIT_CWD: cwd },
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        let json: unknown
        try {
          json = JSON.parse(stdout.trim().split('\n').at(-1) ?? '')
        } catch {
          json = undefined
        }
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr, json })
      },
    )
  })
}

/** `pnpm licen …` */
export const licen = (args: readonly string[], cwd: string) =>
  runProgram(resolvePackageBin('@licen/cli', 'licen').script, args, cwd)
/** `pnpm licen-attest …` */
export const licenAttest = (args: readonly string[], cwd: string) =>
  runProgram(resolvePackageBin('@licen/attestation-policy', 'licen-attest').script, args, cwd)
/** `pnpm demo …` */
export const demo = (args: readonly string[], cwd: string) =>
  runProgram(repoPath('devnet', 'src', 'cli', 'demo.ts'), args, cwd, 300_000)
