import { formatIssues } from '@licen/errors'
import type { Hex } from 'viem'
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
  /** The storage node's upload token (a node on a non-loopback address requires one); environment only. */
  LICEN_STORAGE_UPLOAD_TOKEN: z.string().min(16).max(512).optional(),
  LICEN_PROVIDER_MAX_CONCURRENT_JOBS: int.optional(),
  LICEN_PROVIDER_MAX_QUEUED_JOBS: int.optional(),
  LICEN_PROVIDER_MAX_DATASET_BYTES: int.optional(),
  LICEN_PROVIDER_MAX_TRAINING_SECONDS: int.optional(),
  LICEN_PROVIDER_MAX_PENDING_PER_REQUESTER: int.optional(),
  LICEN_PROVIDER_MAX_PENDING_PER_DATASET: int.optional(),
  LICEN_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** `embedded` (tfjs/wasm, CPU, the model shipped in the repo) or `external` (e.g. Python PEFT on a GPU). */
  LICEN_TRAINER: z.enum(['embedded', 'external']).default('embedded'),
  /** External trainer: executable and its leading arguments (a JSON array of strings). */
  LICEN_TRAINER_COMMAND: z.string().min(1).optional(),
  LICEN_TRAINER_ARGS: z.string().max(8192).optional(),
  /** External trainer: where each run's private folder goes (put it on a tmpfs: the dataset is written there). */
  LICEN_TRAINER_WORK_DIR: z.string().min(1).optional(),
  LICEN_TRAINER_TOKENIZER: z.enum(['hf', 'bytes']).optional(),
  /** Base model other than the embedded one: id, directory, and the sha256 pins of its files. */
  LICEN_BASE_MODEL_ID: z.string().min(1).max(256).optional(),
  LICEN_BASE_MODEL_PATH: z.string().min(1).optional(),
  LICEN_BASE_MODEL_SHA256: z
    .string()
    .regex(/^0x[0-9a-f]{64}$/)
    .optional(),
  LICEN_BASE_MODEL_CONFIG_SHA256: z
    .string()
    .regex(/^0x[0-9a-f]{64}$/)
    .optional(),
  /** LoRA hyperparameters as JSON (see the trainer's hyperparametersSchema); defaults suit the embedded model. */
  LICEN_HYPERPARAMETERS: z.string().max(8192).optional(),
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
  '--max-pending-per-requester': 'LICEN_PROVIDER_MAX_PENDING_PER_REQUESTER',
  '--max-pending-per-dataset': 'LICEN_PROVIDER_MAX_PENDING_PER_DATASET',
  '--log-level': 'LICEN_LOG_LEVEL',
  '--trainer': 'LICEN_TRAINER',
  '--trainer-command': 'LICEN_TRAINER_COMMAND',
  '--trainer-args': 'LICEN_TRAINER_ARGS',
  '--trainer-work-dir': 'LICEN_TRAINER_WORK_DIR',
  '--trainer-tokenizer': 'LICEN_TRAINER_TOKENIZER',
  '--base-model-id': 'LICEN_BASE_MODEL_ID',
  '--base-model-path': 'LICEN_BASE_MODEL_PATH',
  '--base-model-sha256': 'LICEN_BASE_MODEL_SHA256',
  '--base-model-config-sha256': 'LICEN_BASE_MODEL_CONFIG_SHA256',
  '--hyperparameters': 'LICEN_HYPERPARAMETERS',
}

/** Which trainer the program runs. */
export type TrainerChoice =
  | { kind: 'embedded' }
  | {
      kind: 'external'
      command: string
      args: string[]
      workDir: string
      tokenizer: 'hf' | 'bytes' | undefined
    }

/** What the program starts from: node options, where storage is and how much to log. */
export type ProviderProgramConfig = {
  options: ProviderNodeOptionsInput
  storageUrl: string
  /** Sent with result uploads when set. */
  storageUploadToken?: string | undefined
  logLevel: 'debug' | 'info' | 'warn' | 'error'
  trainer: TrainerChoice
  /** Undefined: the embedded base model. */
  baseModel:
    | { id: string; path: string; sha256?: Hex | undefined; configSha256?: Hex | undefined }
    | undefined
  /** Raw JSON object; the trainer validates it against its schema. */
  hyperparameters: Record<string, unknown> | undefined
}

function parseJson(name: string, text: string | undefined): unknown {
  if (text === undefined) return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw new ConfigError(`${name}: not JSON`)
  }
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
    throw new ConfigError(formatIssues(parsed.error))
  }
  const e = parsed.data
  const limits = Object.fromEntries(
    Object.entries({
      maxConcurrentJobs: e.LICEN_PROVIDER_MAX_CONCURRENT_JOBS,
      maxQueuedJobs: e.LICEN_PROVIDER_MAX_QUEUED_JOBS,
      maxDatasetBytes: e.LICEN_PROVIDER_MAX_DATASET_BYTES,
      maxTrainingSeconds: e.LICEN_PROVIDER_MAX_TRAINING_SECONDS,
      maxPendingPerRequester: e.LICEN_PROVIDER_MAX_PENDING_PER_REQUESTER,
      maxPendingPerDataset: e.LICEN_PROVIDER_MAX_PENDING_PER_DATASET,
    }).filter(([, value]) => value !== undefined),
  )
  const args = parseJson('LICEN_TRAINER_ARGS', e.LICEN_TRAINER_ARGS) ?? []
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string')) {
    throw new ConfigError('LICEN_TRAINER_ARGS: must be a JSON array of strings')
  }
  let trainer: TrainerChoice = { kind: 'embedded' }
  if (e.LICEN_TRAINER === 'external') {
    if (!e.LICEN_TRAINER_COMMAND || !e.LICEN_TRAINER_WORK_DIR) {
      throw new ConfigError('LICEN_TRAINER=external needs LICEN_TRAINER_COMMAND and LICEN_TRAINER_WORK_DIR')
    }
    trainer = {
      kind: 'external',
      command: e.LICEN_TRAINER_COMMAND,
      args,
      workDir: e.LICEN_TRAINER_WORK_DIR,
      tokenizer: e.LICEN_TRAINER_TOKENIZER,
    }
  }
  if ((e.LICEN_BASE_MODEL_ID === undefined) !== (e.LICEN_BASE_MODEL_PATH === undefined)) {
    throw new ConfigError('LICEN_BASE_MODEL_ID and LICEN_BASE_MODEL_PATH go together')
  }
  if (trainer.kind === 'external' && e.LICEN_BASE_MODEL_PATH === undefined) {
    throw new ConfigError('LICEN_TRAINER=external needs LICEN_BASE_MODEL_ID and LICEN_BASE_MODEL_PATH')
  }
  const hyperparameters = parseJson('LICEN_HYPERPARAMETERS', e.LICEN_HYPERPARAMETERS)
  if (
    hyperparameters !== undefined &&
    (typeof hyperparameters !== 'object' || hyperparameters === null || Array.isArray(hyperparameters))
  ) {
    throw new ConfigError('LICEN_HYPERPARAMETERS: must be a JSON object')
  }
  return {
    trainer,
    baseModel:
      e.LICEN_BASE_MODEL_ID && e.LICEN_BASE_MODEL_PATH
        ? {
            id: e.LICEN_BASE_MODEL_ID,
            path: e.LICEN_BASE_MODEL_PATH,
            sha256: e.LICEN_BASE_MODEL_SHA256 as Hex | undefined,
            configSha256: e.LICEN_BASE_MODEL_CONFIG_SHA256 as Hex | undefined,
          }
        : undefined,
    hyperparameters: hyperparameters as Record<string, unknown> | undefined,
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
    ...(e.LICEN_STORAGE_UPLOAD_TOKEN ? { storageUploadToken: e.LICEN_STORAGE_UPLOAD_TOKEN } : {}),
    logLevel: e.LICEN_LOG_LEVEL,
  }
}
