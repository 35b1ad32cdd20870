import type { LogLevel } from '@licen/sdk'
import { z } from 'zod'
import { OrchestratorError } from '../errors.js'
import type { OrchestratorConfigInput } from './orchestratorConfig.js'

const optionalInt = z.coerce.number().int().optional()
const hex = (bytes: number) =>
  z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`), `${bytes}-byte 0x-hex`)

/** The environment the `licen-orchestrator` program reads (names as documented in the README). */
export const orchestratorEnvSchema = z.object({
  LICEN_RPC_URL: z.url(),
  LICEN_CHAIN_ID: z.coerce.number().int().positive().optional(),
  LICEN_DATA_POLICY: hex(20).optional(),
  /** `deployments/<chainId>.json`: supplies chainId, address and the first block when the above are unset. */
  LICEN_DEPLOYMENT_FILE: z.string().min(1).optional(),
  LICEN_FROM_BLOCK: z.coerce.bigint().optional(),
  LICEN_ORCHESTRATOR_KEY: hex(32),
  LICEN_RELEASE_KEY_SOURCE: z.enum(['env', 'dstack']),
  LICEN_RELEASE_KEY: hex(32).optional(),
  LICEN_DSTACK_ENDPOINT: z.string().min(1).optional(),
  /** Release key versions derived from dstack, comma-separated (default `1`); the highest is offered for seals. */
  LICEN_RELEASE_KEY_VERSIONS: z
    .string()
    .regex(/^[1-9][0-9]{0,4}(,[1-9][0-9]{0,4}){0,15}$/, 'comma-separated versions (1-65535), at most 16')
    .optional(),
  LICEN_RELEASE_KEY_REGISTRATION_SECONDS: optionalInt,
  LICEN_INDEXER_URL: z.url().optional(),
  LICEN_STORAGE_URL: z.url().optional(),
  LICEN_STORAGE_UPLOAD_TOKEN: z.string().min(16).max(512).optional(),
  LICEN_ZG_INDEXER_URL: z.url().optional(),
  LICEN_ZG_EVM_RPC_URL: z.url().optional(),
  LICEN_ZG_FLOW_ADDRESS: hex(20).optional(),
  LICEN_PCCS_URL: z.url(),
  /** Comma-separated attestation policy files. */
  LICEN_POLICY_FILES: z.string().min(1),
  /** Hash of the policy used for datasets that require none; default: the only policy when there is one. */
  LICEN_DEFAULT_POLICY: hex(32).optional(),
  DATABASE_URL: z.string().min(1).optional(),
  LICEN_ORCHESTRATOR_DATA_DIR: z.string().min(1).optional(),
  LICEN_ORCHESTRATOR_HOST: z.string().min(1).optional(),
  LICEN_ORCHESTRATOR_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  LICEN_ORCHESTRATOR_INSTANCE: z.string().optional(),
  LICEN_MAX_CONCURRENT_JOBS: optionalInt,
  LICEN_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).optional(),
  LICEN_DISCOVERY_INTERVAL_MS: optionalInt,
  LICEN_WORK_INTERVAL_MS: optionalInt,
  LICEN_TRACK_INTERVAL_MS: optionalInt,
  LICEN_RETRY_DELAY_MS: optionalInt,
  LICEN_LEASE_SECONDS: optionalInt,
  LICEN_PROVIDER_GRACE_SECONDS: optionalInt,
  LICEN_MIN_RUN_SECONDS: optionalInt,
  LICEN_ATTESTATION_MAX_AGE_SECONDS: optionalInt,
  LICEN_RECEIPT_POLLING_MS: optionalInt,
  LICEN_REQUEST_TIMEOUT_MS: optionalInt,
  LICEN_MAX_JOBS_PER_PROVIDER: optionalInt,
  LICEN_PROVIDER_BREAKER_FAILURES: optionalInt,
  LICEN_PROVIDER_BREAKER_SECONDS: optionalInt,
  LICEN_PROVIDER_BREAKER_MAX_SECONDS: optionalInt,
  /** Test-only fault injection: `<step>:<phase>[:<jobId>]` makes the process SIGKILL itself there. */
  LICEN_ORCHESTRATOR_FAULT_KILL_AT: z
    .string()
    .regex(/^(attest|evidence|startJob|handover|settle|fail):(begin|effect|end)(:[0-9]{1,78})?$/)
    .optional(),
})

/** What the program needs besides the config: files to read and its own settings. */
export type OrchestratorProgramSettings = {
  /** Config without the policies (read from `policyFiles`) and, with a deployment file, without chain fields. */
  config: Omit<OrchestratorConfigInput, 'attestation'> & {
    attestation: Omit<OrchestratorConfigInput['attestation'], 'policies' | 'defaultPolicyHash'> & {
      defaultPolicyHash: `0x${string}` | undefined
    }
  }
  policyFiles: string[]
  deploymentFile: string | undefined
  logLevel: LogLevel
  faultKillAt: { step: string; phase: string; jobId: bigint | undefined } | undefined
}

/** Parses the program's environment once (zod), failing with every problem named, never echoing a value. */
export function parseOrchestratorEnv(env: Record<string, string | undefined>): OrchestratorProgramSettings {
  const parsed = orchestratorEnvSchema.safeParse(env)
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))
  const e = parsed.data
  const problems: string[] = []
  if (!e.LICEN_DEPLOYMENT_FILE && (e.LICEN_CHAIN_ID === undefined || e.LICEN_DATA_POLICY === undefined)) {
    problems.push('set LICEN_CHAIN_ID and LICEN_DATA_POLICY, or LICEN_DEPLOYMENT_FILE')
  }
  if (e.LICEN_RELEASE_KEY_SOURCE === 'env' && !e.LICEN_RELEASE_KEY) {
    problems.push('LICEN_RELEASE_KEY is required with LICEN_RELEASE_KEY_SOURCE=env')
  }
  if (e.LICEN_RELEASE_KEY_SOURCE === 'dstack' && e.LICEN_RELEASE_KEY) {
    problems.push('LICEN_RELEASE_KEY must not be set with LICEN_RELEASE_KEY_SOURCE=dstack')
  }
  if (e.LICEN_RELEASE_KEY_SOURCE === 'env' && e.LICEN_RELEASE_KEY_VERSIONS) {
    problems.push('LICEN_RELEASE_KEY_VERSIONS needs LICEN_RELEASE_KEY_SOURCE=dstack')
  }
  const zerog = [e.LICEN_ZG_INDEXER_URL, e.LICEN_ZG_EVM_RPC_URL, e.LICEN_ZG_FLOW_ADDRESS]
  if (!e.LICEN_STORAGE_URL && zerog.some((v) => v === undefined)) {
    problems.push(
      'set LICEN_STORAGE_URL, or LICEN_ZG_INDEXER_URL, LICEN_ZG_EVM_RPC_URL and LICEN_ZG_FLOW_ADDRESS',
    )
  }
  if (e.DATABASE_URL && e.LICEN_ORCHESTRATOR_DATA_DIR) {
    problems.push('set DATABASE_URL or LICEN_ORCHESTRATOR_DATA_DIR, not both')
  }
  if (problems.length > 0) throw invalid(problems)

  const timing = Object.fromEntries(
    Object.entries({
      discoveryIntervalMs: e.LICEN_DISCOVERY_INTERVAL_MS,
      workIntervalMs: e.LICEN_WORK_INTERVAL_MS,
      trackIntervalMs: e.LICEN_TRACK_INTERVAL_MS,
      retryDelayMs: e.LICEN_RETRY_DELAY_MS,
      leaseSeconds: e.LICEN_LEASE_SECONDS,
      providerGraceSeconds: e.LICEN_PROVIDER_GRACE_SECONDS,
      minRunSeconds: e.LICEN_MIN_RUN_SECONDS,
      attestationMaxAgeSeconds: e.LICEN_ATTESTATION_MAX_AGE_SECONDS,
      receiptPollingMs: e.LICEN_RECEIPT_POLLING_MS,
      requestTimeoutMs: e.LICEN_REQUEST_TIMEOUT_MS,
      releaseKeyRegistrationSeconds: e.LICEN_RELEASE_KEY_REGISTRATION_SECONDS,
    }).filter(([, value]) => value !== undefined),
  )
  const providers = Object.fromEntries(
    Object.entries({
      maxJobsInFlight: e.LICEN_MAX_JOBS_PER_PROVIDER,
      breakerFailures: e.LICEN_PROVIDER_BREAKER_FAILURES,
      breakerCoolDownSeconds: e.LICEN_PROVIDER_BREAKER_SECONDS,
      breakerMaxCoolDownSeconds: e.LICEN_PROVIDER_BREAKER_MAX_SECONDS,
    }).filter(([, value]) => value !== undefined),
  )
  const fault = e.LICEN_ORCHESTRATOR_FAULT_KILL_AT?.split(':')
  return {
    config: {
      chain: {
        rpcUrl: e.LICEN_RPC_URL,
        chainId: e.LICEN_CHAIN_ID as number,
        dataPolicy: e.LICEN_DATA_POLICY as `0x${string}`,
        ...(e.LICEN_FROM_BLOCK === undefined ? {} : { fromBlock: e.LICEN_FROM_BLOCK }),
      },
      wallet: { privateKey: e.LICEN_ORCHESTRATOR_KEY as `0x${string}` },
      releaseKey:
        e.LICEN_RELEASE_KEY_SOURCE === 'env'
          ? { source: 'env', privateKey: e.LICEN_RELEASE_KEY as `0x${string}` }
          : {
              source: 'dstack',
              ...(e.LICEN_DSTACK_ENDPOINT ? { endpoint: e.LICEN_DSTACK_ENDPOINT } : {}),
              ...(e.LICEN_RELEASE_KEY_VERSIONS
                ? { versions: e.LICEN_RELEASE_KEY_VERSIONS.split(',').map(Number) }
                : {}),
            },
      ...(e.LICEN_INDEXER_URL ? { indexer: { graphqlUrl: e.LICEN_INDEXER_URL } } : {}),
      storage: e.LICEN_STORAGE_URL
        ? {
            kind: 'local',
            url: e.LICEN_STORAGE_URL,
            ...(e.LICEN_STORAGE_UPLOAD_TOKEN ? { uploadToken: e.LICEN_STORAGE_UPLOAD_TOKEN } : {}),
          }
        : {
            kind: 'zerog',
            indexerUrl: e.LICEN_ZG_INDEXER_URL as string,
            evmRpcUrl: e.LICEN_ZG_EVM_RPC_URL as string,
            flowAddress: e.LICEN_ZG_FLOW_ADDRESS as `0x${string}`,
          },
      attestation: {
        pccsUrl: e.LICEN_PCCS_URL,
        defaultPolicyHash: e.LICEN_DEFAULT_POLICY as `0x${string}` | undefined,
      },
      database: e.DATABASE_URL
        ? { url: e.DATABASE_URL }
        : { dataDir: e.LICEN_ORCHESTRATOR_DATA_DIR ?? '.data/orchestrator' },
      http: { host: e.LICEN_ORCHESTRATOR_HOST ?? '127.0.0.1', port: e.LICEN_ORCHESTRATOR_PORT ?? 4100 },
      ...(e.LICEN_MAX_CONCURRENT_JOBS === undefined
        ? {}
        : { maxConcurrentJobs: e.LICEN_MAX_CONCURRENT_JOBS }),
      ...(e.LICEN_ORCHESTRATOR_INSTANCE ? { instanceId: e.LICEN_ORCHESTRATOR_INSTANCE } : {}),
      providers,
      timing,
    },
    policyFiles: e.LICEN_POLICY_FILES.split(',')
      .map((file) => file.trim())
      .filter(Boolean),
    deploymentFile: e.LICEN_DEPLOYMENT_FILE,
    logLevel: e.LICEN_LOG_LEVEL ?? 'info',
    faultKillAt: fault
      ? { step: fault[0]!, phase: fault[1]!, jobId: fault[2] === undefined ? undefined : BigInt(fault[2]) }
      : undefined,
  }
}

function invalid(problems: string[]): OrchestratorError {
  return new OrchestratorError('The orchestrator environment is invalid.', {
    code: 'CONFIG_INVALID',
    details: problems.slice(0, 10).join('; '),
  })
}
