/** Where a command reads and writes: injected so tests can run commands in-process. */
export type CliIo = {
  /** Directory relative paths resolve against (the caller's shell directory under `pnpm licen`). */
  cwd: string
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown; isTTY?: boolean | undefined; columns?: number | undefined }
}
