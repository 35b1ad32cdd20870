import { z } from 'zod'
import { ConfigError } from './ConfigError.js'
import type { ProviderNodeOptionsInput } from './providerNodeOptions.js'

const int = z.coerce.number().int()

/** Environment variables the `licen-provider` program reads (flags `--name value` override them, see FLAGS). */
export const providerEnvironmentSchema = z.object({
  LICEN_PROVIDER_HOST: z.string().optional(),
  LICEN_PROVIDER_PORT: int.optional(),
  LICEN_RPC_URL: z.string(),
  LICEN_CHAIN_ID: int,
  LICEN_DATA_POLICY: z.string(),
  LICEN_PROVIDER_ID: int,
  /** Guest agent: socket path or URL. Falls back to DSTACK_SIMULATOR_ENDPOINT, then dstack's socket. */
  LICEN_DSTACK_ENDPOINT: z.string().optional(),
  DSTACK_SIMULATOR_ENDPOINT: z.string().optional(),
  /** Base URL of the local storage node. */
  LICEN_STORAGE_URL: z.url({ protocol: /^https?$/ }),
  LICEN_PROVIDER_MAX_CONCURRENT_JOBS: int.optional(),
  LICEN_PROVIDER_MAX_QUEUED_JOBS: int.optional(),
  LICEN_PROVIDER_MAX_DATASET_BYTES: int.optional(),
  LICEN_PROVIDER_MAX_TRAINING_SECONDS: int.optional(),
  LICEN_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
})

/** Command-line flags and the variable each one sets. */
export const FLAGS: Record<string, keyof z.input<typeof providerEnvironmentSchema>> = {
  '--host': 'LICEN_PROVIDER_HOST',
  '--port': 'LICEN_PROVIDER_PORT',
  '--rpc-url': 'LICEN_RPC_URL',
  '--chain-id': 'LICEN_CHAIN_ID',
  '--data-policy': 'LICEN_DATA_POLICY',
  '--provider-id': 'LICEN_PROVIDER_ID',
  '--dstack-endpoint': 'LICEN_DSTACK_ENDPOINT',
  '--storage-url': 'LICEN_STORAGE_URL',
  '--max-concurrent-jobs': 'LICEN_PROVIDER_MAX_CONCURRENT_JOBS',
  '--max-queued-jobs': 'LICEN_PROVIDER_MAX_QUEUED_JOBS',
  '--max-dataset-bytes': 'LICEN_PROVIDER_MAX_DATASET_BYTES',
  '--max-training-seconds': 'LICEN_PROVIDER_MAX_TRAINING_SECONDS',
  '--log-level': 'LICEN_LOG_LEVEL',
}

/** What the program starts from: node options, where storage is and how much to log. */
export type ProviderProgramConfig = {
  options: ProviderNodeOptionsInput
  storageUrl: string
  logLevel: 'debug' | 'info' | 'warn' | 'error'
}

/** Merges flags over environment variables and validates them once (throws `CONFIG_INVALID`). */
export function parseProviderEnvironment(
  env: Record<string, string | undefined>,
  argv: readonly string[],
): ProviderProgramConfig {
  const merged: Record<string, string | undefined> = { ...env }
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined]
    const name = FLAGS[flag]
    if (!name) throw new ConfigError(`unknown flag ${flag}`)
    const value = inline ?? argv[++i]
    if (value === undefined) throw new ConfigError(`flag ${flag} needs a value`)
    merged[name] = value
  }
  const parsed = providerEnvironmentSchema.safeParse(merged)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
  }
  const e = parsed.data
  const limits = Object.fromEntries(
    Object.entries({
      maxConcurrentJobs: e.LICEN_PROVIDER_MAX_CONCURRENT_JOBS,
      maxQueuedJobs: e.LICEN_PROVIDER_MAX_QUEUED_JOBS,
      maxDatasetBytes: e.LICEN_PROVIDER_MAX_DATASET_BYTES,
      maxTrainingSeconds: e.LICEN_PROVIDER_MAX_TRAINING_SECONDS,
    }).filter(([, value]) => value !== undefined),
  )
  return {
    options: {
      host: e.LICEN_PROVIDER_HOST,
      port: e.LICEN_PROVIDER_PORT,
      rpcUrl: e.LICEN_RPC_URL,
      chainId: e.LICEN_CHAIN_ID,
      dataPolicy: e.LICEN_DATA_POLICY,
      providerId: e.LICEN_PROVIDER_ID,
      dstackEndpoint: e.LICEN_DSTACK_ENDPOINT ?? e.DSTACK_SIMULATOR_ENDPOINT ?? '/var/run/dstack.sock',
      limits,
    },
    storageUrl: e.LICEN_STORAGE_URL,
    logLevel: e.LICEN_LOG_LEVEL,
  }
}
