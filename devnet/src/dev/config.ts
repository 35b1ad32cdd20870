import { resolve } from 'node:path'
import { z } from 'zod'

const port = z.coerce.number().int().min(1).max(65_535)

/** Devnet settings: flags override environment variables, which override the defaults. */
export const devConfigSchema = z.object({
  dataDir: z.string().min(1),
  fresh: z.boolean(),
  ports: z.object({ anvil: port }),
})

export type DevConfig = z.infer<typeof devConfigSchema>

const usage = `usage: pnpm dev [--fresh] [--data-dir <dir>] [--anvil-port <port>]

  --fresh             delete the data folder first (a new chain, new storage, new state)
  --data-dir <dir>    where everything persists (default .devnet/, env LICEN_DEVNET_DIR)
  --anvil-port <p>    JSON-RPC port of the local chain (default 8545, env LICEN_ANVIL_PORT)`

/** Parses `pnpm dev` arguments and environment once; throws with the usage text on a bad flag. */
export function parseDevConfig(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): DevConfig {
  const flags: Record<string, string | boolean> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') continue
    if (arg === '--fresh') flags.fresh = true
    else if (arg === '--help' || arg === '-h') throw new Error(usage)
    else if (arg === '--data-dir' || arg === '--anvil-port') {
      const value = argv[++i]
      if (value === undefined) throw new Error(`${arg} needs a value\n\n${usage}`)
      flags[arg.slice(2)] = value
    } else throw new Error(`unknown argument ${arg}\n\n${usage}`)
  }
  const parsed = devConfigSchema.safeParse({
    dataDir: resolve(cwd, String(flags['data-dir'] ?? env.LICEN_DEVNET_DIR ?? '.devnet')),
    fresh: flags.fresh === true,
    ports: { anvil: flags['anvil-port'] ?? env.LICEN_ANVIL_PORT ?? 8545 },
  })
  if (!parsed.success)
    throw new Error(`invalid devnet settings: ${z.prettifyError(parsed.error)}\n\n${usage}`)
  return parsed.data
}
