#!/usr/bin/env -S npx tsx
import { runCli } from './runCli.js'

// pnpm runs root scripts from the repository root; INIT_CWD is where the user typed the command.
runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.env.INIT_CWD ?? process.cwd(),
  now: () => Math.floor(Date.now() / 1000),
}).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(error)
    process.exitCode = 2
  },
)
