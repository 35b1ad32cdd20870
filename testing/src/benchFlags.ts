/**
 * A benchmark's command line as an object for its schema to parse: `--name value` pairs, and `--json` (or another
 * name in `switches`) as `true`; anything else is ignored.
 */
export function benchFlags(
  argv: readonly string[],
  switches: readonly string[] = ['json'],
): Record<string, unknown> {
  return Object.fromEntries(
    argv.flatMap((arg, i, all): [string, unknown][] => {
      if (switches.includes(arg.slice(2)) && arg.startsWith('--')) return [[arg.slice(2), true]]
      return arg.startsWith('--') ? [[arg.slice(2), all[i + 1]]] : []
    }),
  )
}
