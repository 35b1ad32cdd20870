import { z } from 'zod'

const hex = (bytes: number) =>
  z
    .string()
    .regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`), `${bytes}-byte 0x-hex`) as z.ZodType<`0x${string}`>
const httpUrl = z.url({ protocol: /^https?$/ })
const seconds = (min: number, max: number) => z.int().min(min).max(max)
const ms = (min: number, max: number) => z.int().min(min).max(max)

/** The dstack key path of release key version N is this prefix followed by N. */
export const RELEASE_KEY_PATH_PREFIX = 'licen/release-key/v'

/** Where the release key (the secp256k1 key dataset key envelopes are sealed to) comes from. */
export const releaseKeySourceSchema = z.discriminatedUnion('source', [
  /** From configuration: the local devnet and tests. */
  z.strictObject({ source: z.literal('env'), privateKey: hex(32) }),
  /**
   * Derived inside a dstack CVM with `DstackClient.getKey(<pathPrefix><version>, purpose)`, one key per version
   * (rotation configures a new version; earlier versions stay so their datasets still open); each key published
   * with a quote binding it to this chain and contract.
   */
  z.strictObject({
    source: z.literal('dstack'),
    /** Guest agent endpoint (socket path or URL); default the CVM's `/var/run/dstack.sock`. */
    endpoint: z.string().min(1).max(512).default('/var/run/dstack.sock'),
    /** Key path without its version: version N derives `<pathPrefix>N`. */
    pathPrefix: z.string().min(1).max(240).default(RELEASE_KEY_PATH_PREFIX),
    /** Versions derived and kept; the highest is the one offered for new seals. */
    versions: z
      .array(z.int().min(1).max(65_535))
      .min(1)
      .max(16)
      .refine((versions) => new Set(versions).size === versions.length, 'versions must be distinct')
      .default([1]),
    purpose: z.string().max(256).default('licen-release'),
  }),
])

/** Storage the orchestrator reads manifests from and writes evidence objects to. */
export const storageConfigSchema = z.discriminatedUnion('kind', [
  /** The devnet content-addressed storage node. */
  z.strictObject({
    kind: z.literal('local'),
    url: httpUrl,
    /** The node's upload token (required by a node on a non-loopback address); never logged. */
    uploadToken: z.string().min(16).max(512).optional(),
  }),
  /** 0G Storage: uploads are paid by the orchestrator wallet on the 0G chain at `evmRpcUrl`. */
  z.strictObject({
    kind: z.literal('zerog'),
    indexerUrl: httpUrl,
    evmRpcUrl: httpUrl,
    /** The Flow contract, pinned here (the address a storage node reports is never used). */
    flowAddress: hex(20),
  }),
])

/** The database: embedded PGlite in a directory, or Postgres (same SQL and migrations). */
export const databaseConfigSchema = z.union([
  z.strictObject({ dataDir: z.string().min(1).max(4096) }),
  z.strictObject({ url: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// connection string') }),
])

/** Timers, grace periods and leases; defaults suit a public chain, tests shorten them. */
export const timingSchema = z.strictObject({
  /** How often the indexer (or, as a fallback, chain logs) is asked for new jobs. */
  discoveryIntervalMs: ms(20, 60_000).default(1_000),
  /** How often due job rows are claimed when nothing woke the worker earlier. */
  workIntervalMs: ms(10, 60_000).default(250),
  /** How often a Running job's provider is polled. */
  trackIntervalMs: ms(20, 600_000).default(2_000),
  /** First retry delay after a transient error (doubles up to `maxRetryDelayMs`). */
  retryDelayMs: ms(10, 600_000).default(1_000),
  maxRetryDelayMs: ms(10, 3_600_000).default(30_000),
  /** How long a claimed row stays with this instance without a renewal. */
  leaseSeconds: seconds(1, 3_600).default(30),
  /** How long a provider may stay unreachable (or a release keep failing transiently) before the job fails. */
  providerGraceSeconds: seconds(1, 86_400).default(300),
  /** Jobs whose deadline is closer than this are refused (DEADLINE_TOO_CLOSE). */
  minRunSeconds: seconds(0, 30 * 86_400).default(600),
  /** Verified evidence older than this is attested again (fresh nonce) before startJob. */
  attestationMaxAgeSeconds: seconds(5, 86_400).default(300),
  /** The indexer is "behind" (chain logs are used instead) when it is more blocks than this behind the head. */
  indexerMaxLagBlocks: z.int().min(0).max(1_000_000).default(5),
  /** Per-request timeout towards providers, storage and the indexer. */
  requestTimeoutMs: ms(100, 300_000).default(10_000),
  /** Receipt polling interval for our transactions. */
  receiptPollingMs: ms(10, 60_000).default(1_000),
  /** How long a transaction may take to be mined. */
  transactionTimeoutMs: ms(1_000, 3_600_000).default(120_000),
  /**
   * How long the orchestrator waits, after publishing its key evidence, for its current release key to be
   * registered and Active on chain (`registerReleaseKey` by the contract owner) before it gives up
   * (`RELEASE_KEY_NOT_REGISTERED`). No job is released before.
   */
  releaseKeyRegistrationSeconds: seconds(1, 30 * 86_400).default(86_400),
})

/** What one provider may take of the queue, and when its jobs wait because it does not answer. */
export const providerLimitsSchema = z.strictObject({
  /**
   * Jobs of one provider being worked before Running (attestation, start, hand-over) at once, across every
   * instance sharing the database: a provider that stalls (a tarpit) holds at most this many slots.
   */
  maxJobsInFlight: z.int().min(1).max(10_000).default(8),
  /** Consecutive unreachable errors (refused, timed out) that open a provider's circuit breaker. */
  breakerFailures: z.int().min(1).max(1_000).default(5),
  /** How long its jobs then wait before one probe job is let through; doubles with each further trip. */
  breakerCoolDownSeconds: seconds(1, 86_400).default(30),
  /** Longest cool-down. */
  breakerMaxCoolDownSeconds: seconds(1, 7 * 86_400).default(900),
})

/** Everything `startOrchestrator` needs; validated once with this schema. */
export const orchestratorConfigSchema = z.strictObject({
  chain: z.strictObject({
    rpcUrl: httpUrl,
    chainId: z.int().positive().max(Number.MAX_SAFE_INTEGER),
    /** The DataPolicy contract. */
    dataPolicy: hex(20),
    /** First block to scan for `AccessGranted` logs (the deployment block). */
    fromBlock: z.coerce.bigint().min(0n).default(0n),
    /** Largest eth_getLogs block range. */
    logRangeBlocks: z.int().min(1).max(1_000_000).default(5_000),
  }),
  /** The orchestrator's wallet (needs the orchestrator role on chain). One wallet per instance. */
  wallet: z.strictObject({ privateKey: hex(32) }),
  releaseKey: releaseKeySourceSchema,
  /** The indexer's GraphQL endpoint; without one, discovery reads chain logs only. */
  indexer: z.strictObject({ graphqlUrl: httpUrl }).optional(),
  storage: storageConfigSchema,
  attestation: z.strictObject({
    /** PCCS (or Intel PCS) base URL for DCAP collateral; the dev TEE agent serves one. */
    pccsUrl: httpUrl,
    /** Attestation policies this orchestrator can verify against (parsed policy objects). */
    policies: z.array(z.unknown()).min(1).max(64),
    /** Policy used when a dataset requires none (its policy's attestationPolicy is zero); its hash. */
    defaultPolicyHash: hex(32),
    /** DER of the dev-mock root CA for `dev-mock` policies (default: the dev TEE module's shared root, loaded only for them). */
    devMockRootCa: z.instanceof(Uint8Array).optional(),
    /** Longest reuse of fetched collateral. */
    collateralTtlSeconds: seconds(1, 86_400).default(3_600),
  }),
  database: databaseConfigSchema,
  http: z
    .strictObject({
      host: z.string().min(1).max(255).default('127.0.0.1'),
      port: z.int().min(0).max(65_535).default(0),
    })
    .default({ host: '127.0.0.1', port: 0 }),
  /** Jobs advanced at once by this instance. */
  maxConcurrentJobs: z.int().min(1).max(10_000).default(64),
  /**
   * Names this instance in leases and the step log; default random per start. When set, a restart takes back the
   * rows its previous run still leased at once: never run two processes under one id.
   */
  instanceId: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .optional(),
  providers: providerLimitsSchema.default(providerLimitsSchema.parse({})),
  timing: timingSchema.default(timingSchema.parse({})),
})

/** Input of `startOrchestrator` (defaults not yet applied). */
export type OrchestratorConfigInput = z.input<typeof orchestratorConfigSchema>
/** A validated configuration. */
export type OrchestratorConfig = z.output<typeof orchestratorConfigSchema>
/** Timers and grace periods, validated. */
export type OrchestratorTiming = z.output<typeof timingSchema>
/** Per-provider limits and circuit breaker, validated. */
export type ProviderLimits = z.output<typeof providerLimitsSchema>
