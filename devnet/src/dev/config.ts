import { resolve } from 'node:path'
import { z } from 'zod'
import { DevnetError } from '../errors.js'

const port = z.coerce.number().int().min(1).max(65_535)

/** Every part that listens, with its default port (flag `--<part>-port`, env `LICEN_DEVNET_<PART>_PORT`). */
export const DEFAULT_PORTS = {
  anvil: 8545,
  storage: 4001,
  indexer: 42069,
  tee: 8090,
  /** The orchestrator's own dev TEE (its own app: compose hash, app id, keys). */
  orchestratorTee: 8091,
  provider: 4200,
  orchestrator: 4100,
  app: 5173,
} as const

/** A listening part's name. */
export type PortName = keyof typeof DEFAULT_PORTS

/** Flag of a port: `--orchestrator-tee-port` for `orchestratorTee`. */
const portFlag = (name: PortName) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-port`
/** Environment variable of a port: `LICEN_DEVNET_ORCHESTRATOR_TEE_PORT` for `orchestratorTee`. */
const portEnv = (name: PortName) =>
  `LICEN_DEVNET_${portFlag(name).slice(2, -5).toUpperCase().replace(/-/g, '_')}_PORT`

/** Ports of the devnet's parts. */
export type DevnetPorts = Record<PortName, number>

/** Devnet settings: flags override environment variables, which override the defaults. */
export const devConfigSchema = z.object({
  dataDir: z.string().min(1),
  fresh: z.boolean(),
  /** Skip building and serving the app. */
  app: z.boolean(),
  /** Build the app even when the build looks current. */
  rebuildApp: z.boolean(),
  /** Run the provider node and the orchestrator from their images under podman. */
  containers: z.boolean(),
  /** Build the images even when this commit's archives are there (with `containers`). */
  rebuildImages: z.boolean(),
  ports: z.object(
    Object.fromEntries(Object.keys(DEFAULT_PORTS).map((name) => [name, port])) as Record<
      PortName,
      typeof port
    >,
  ),
})

/** Parsed `pnpm dev` settings. */
export type DevConfig = z.infer<typeof devConfigSchema>

const names = Object.keys(DEFAULT_PORTS) as PortName[]

/** Usage text of `pnpm dev`. */
export const DEV_USAGE = `usage: pnpm dev [--fresh] [--data-dir <dir>] [--no-app] [--rebuild-app] [--containers [--rebuild-images]]
                [--<part>-port <port>]…

  --fresh              delete the data folder first (a new chain, new storage, new indexer and orchestrator state)
  --data-dir <dir>     where everything persists (default .devnet/, env LICEN_DEVNET_DIR)
  --no-app             do not build or serve the app
  --rebuild-app        build the app even if the last build looks current
  --containers         run the provider node and the orchestrator from their images under podman (built by
                       pnpm image build when images/out has none for this clean commit; a dirty tree rebuilds)
  --rebuild-images     with --containers: build the images even when this commit's archives are there
${names.map((name) => `  ${`${portFlag(name)} <p>`.padEnd(20)}${name} port (default ${DEFAULT_PORTS[name]}, env ${portEnv(name)})`).join('\n')}`

/** Parses `pnpm dev` arguments and environment once; throws DEVNET_USAGE with the usage text on a bad flag. */
export function parseDevConfig(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): DevConfig {
  const flags: Record<string, string | boolean> = {}
  const valued = new Set(['--data-dir', ...names.map(portFlag)])
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') continue
    if (['--fresh', '--no-app', '--rebuild-app', '--containers', '--rebuild-images'].includes(arg))
      flags[arg.slice(2)] = true
    else if (arg === '--help' || arg === '-h') throw new DevnetError(DEV_USAGE, { code: 'DEVNET_USAGE' })
    else if (valued.has(arg)) {
      const value = argv[++i]
      if (value === undefined)
        throw new DevnetError(`${arg} needs a value\n\n${DEV_USAGE}`, { code: 'DEVNET_USAGE' })
      flags[arg.slice(2)] = value
    } else throw new DevnetError(`unknown argument ${arg}\n\n${DEV_USAGE}`, { code: 'DEVNET_USAGE' })
  }
  const parsed = devConfigSchema.safeParse({
    dataDir: resolve(cwd, String(flags['data-dir'] ?? env.LICEN_DEVNET_DIR ?? '.devnet')),
    fresh: flags.fresh === true,
    app: flags['no-app'] !== true,
    rebuildApp: flags['rebuild-app'] === true,
    containers: flags.containers === true,
    rebuildImages: flags['rebuild-images'] === true,
    ports: Object.fromEntries(
      names.map((name) => [
        name,
        flags[portFlag(name).slice(2)] ?? env[portEnv(name)] ?? DEFAULT_PORTS[name],
      ]),
    ),
  })
  if (!parsed.success)
    throw new DevnetError(`invalid devnet settings: ${z.prettifyError(parsed.error)}\n\n${DEV_USAGE}`, {
      code: 'DEVNET_USAGE',
    })
  if (parsed.data.rebuildImages && !parsed.data.containers)
    throw new DevnetError(`--rebuild-images needs --containers\n\n${DEV_USAGE}`, { code: 'DEVNET_USAGE' })
  const taken = new Map<number, string>()
  for (const name of names) {
    const other = taken.get(parsed.data.ports[name])
    if (other)
      throw new DevnetError(`${name} and ${other} cannot share port ${parsed.data.ports[name]}`, {
        code: 'DEVNET_USAGE',
      })
    taken.set(parsed.data.ports[name], name)
  }
  return parsed.data
}
