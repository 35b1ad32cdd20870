#!/usr/bin/env node
// Entry point of the `licen` CLI (`pnpm licen …` from the repository root, or the package's `licen` bin).
import { runCli } from './runCli.js'

const code = await runCli(process.argv.slice(2), {
  // pnpm runs root scripts in the repository root; INIT_CWD is the directory the user typed the command in.
  cwd: process.env.INIT_CWD ?? process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
})
process.exitCode = code
