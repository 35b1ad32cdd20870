/**
 * A benchmark's `--help` and unknown-flag handling, called before it does anything: `--help` / `-h` prints
 * `usage` on stdout and exits 0; a flag not in `flags` (e.g. `['--json', '--jobs']`) prints one line on stderr
 * and exits 2. Values after a flag and bare words are left to the benchmark.
 */
export function benchUsage(argv: readonly string[], usage: string, flags: readonly string[]): void {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage}\n`)
    process.exit(0)
  }
  const unknown = unknownFlag(argv, flags)
  if (unknown !== undefined) {
    process.stderr.write(`unknown option ${unknown} (see --help)\n`)
    process.exit(2)
  }
}

/** The first argument that looks like a flag (`-x`, `--name`, `--name=value`) and is not in `flags`. */
export function unknownFlag(argv: readonly string[], flags: readonly string[]): string | undefined {
  return argv.find((arg) => /^--?[a-zA-Z]/.test(arg) && !flags.includes(arg.split('=', 1)[0]!))
}
