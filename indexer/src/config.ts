import { z } from 'zod'
import { type Deployment, readDeploymentFile } from './deployment.js'
import { ConfigError } from './errors.js'

/** Polling interval used when none is configured: Ponder's own default. */
export const defaultPollingIntervalMs = 1_000

const rpcUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
const databaseUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/\S+$/, 'expected a postgres:// or postgresql:// connection string')
  .max(2_048)
const pollingIntervalMs = z.coerce.number().int().min(50).max(60_000)
const getLogsBlockRange = z.coerce.number().int().min(1).max(1_000_000)

const ponderEnvSchema = z
  .object({
    LICEN_DEPLOYMENT_FILE: z.string().min(1).max(4_096),
    LICEN_RPC_URL: rpcUrl,
    DATABASE_URL: databaseUrl.optional(),
    LICEN_INDEXER_DATA_DIR: z.string().min(1).max(4_096).optional(),
    LICEN_INDEXER_POLLING_MS: pollingIntervalMs.default(defaultPollingIntervalMs),
    LICEN_INDEXER_GETLOGS_RANGE: getLogsBlockRange.optional(),
  })
  .refine((env) => env.DATABASE_URL !== undefined || env.LICEN_INDEXER_DATA_DIR !== undefined, {
    message: 'set DATABASE_URL (Postgres) or LICEN_INDEXER_DATA_DIR (embedded PGlite)',
    path: ['LICEN_INDEXER_DATA_DIR'],
  })

/** Database the Ponder app writes to. */
export type DatabaseSettings =
  | { kind: 'pglite'; directory: string }
  | { kind: 'postgres'; connectionString: string }

/** Everything ponder.config.ts needs, parsed once from its environment. */
export type PonderSettings = {
  deployment: Deployment
  rpcUrl: string
  database: DatabaseSettings
  pollingIntervalMs: number
  /** Largest eth_getLogs block range; undefined lets Ponder find it from the RPC's errors. */
  getLogsBlockRange: number | undefined
}

/**
 * Parses the Ponder app's environment: `LICEN_DEPLOYMENT_FILE`, `LICEN_RPC_URL`, `DATABASE_URL` (Postgres) or
 * `LICEN_INDEXER_DATA_DIR` (PGlite), `LICEN_INDEXER_POLLING_MS`, `LICEN_INDEXER_GETLOGS_RANGE`.
 */
export function parsePonderEnv(env: Readonly<Record<string, string | undefined>>): PonderSettings {
  const parsed = ponderEnvSchema.safeParse(env)
  if (!parsed.success) {
    throw new ConfigError('Invalid indexer environment', {
      code: 'INVALID_CONFIG',
      details: z.prettifyError(parsed.error),
    })
  }
  const settings = parsed.data
  return {
    deployment: readDeploymentFile(settings.LICEN_DEPLOYMENT_FILE),
    rpcUrl: settings.LICEN_RPC_URL,
    database:
      settings.DATABASE_URL !== undefined
        ? { kind: 'postgres', connectionString: settings.DATABASE_URL }
        : { kind: 'pglite', directory: settings.LICEN_INDEXER_DATA_DIR! },
    pollingIntervalMs: settings.LICEN_INDEXER_POLLING_MS,
    getLogsBlockRange: settings.LICEN_INDEXER_GETLOGS_RANGE,
  }
}

const startEnvSchema = z.object({
  LICEN_DEPLOYMENT_FILE: z.string().min(1).max(4_096),
  LICEN_RPC_URL: rpcUrl,
  DATABASE_URL: databaseUrl.optional(),
  LICEN_INDEXER_DATA_DIR: z.string().min(1).max(4_096).optional(),
  LICEN_INDEXER_PORT: z.coerce.number().int().min(1).max(65_535).default(42_069),
  LICEN_INDEXER_HOST: z.string().min(1).max(255).default('127.0.0.1'),
  LICEN_INDEXER_POLLING_MS: pollingIntervalMs.default(defaultPollingIntervalMs),
  LICEN_INDEXER_GETLOGS_RANGE: getLogsBlockRange.optional(),
  LICEN_INDEXER_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,44}$/, 'expected a lowercase SQL identifier of at most 45 characters')
    .optional(),
})

/** Settings of the `start` program (the standalone indexer). */
export type StartSettings = {
  deploymentFile: string
  rpcUrl: string
  databaseUrl: string | undefined
  dataDir: string | undefined
  port: number
  hostname: string
  pollingIntervalMs: number
  getLogsBlockRange: number | undefined
  schema: string | undefined
}

/** Parses the standalone indexer's environment; `defaultDataDir` applies when neither database is set. */
export function parseStartEnv(
  env: Readonly<Record<string, string | undefined>>,
  defaultDataDir: string,
): StartSettings {
  const parsed = startEnvSchema.safeParse(env)
  if (!parsed.success) {
    throw new ConfigError('Invalid indexer environment', {
      code: 'INVALID_CONFIG',
      details: z.prettifyError(parsed.error),
    })
  }
  const settings = parsed.data
  return {
    deploymentFile: settings.LICEN_DEPLOYMENT_FILE,
    rpcUrl: settings.LICEN_RPC_URL,
    databaseUrl: settings.DATABASE_URL,
    dataDir:
      settings.DATABASE_URL === undefined ? (settings.LICEN_INDEXER_DATA_DIR ?? defaultDataDir) : undefined,
    port: settings.LICEN_INDEXER_PORT,
    hostname: settings.LICEN_INDEXER_HOST,
    pollingIntervalMs: settings.LICEN_INDEXER_POLLING_MS,
    getLogsBlockRange: settings.LICEN_INDEXER_GETLOGS_RANGE,
    schema: settings.LICEN_INDEXER_SCHEMA,
  }
}
