import { z } from 'zod'

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an address')

/** Limits of a provider node, with their defaults. */
export const providerLimitsSchema = z.strictObject({
  /** Jobs trained at once. */
  maxConcurrentJobs: z.number().int().min(1).max(64).default(1),
  /** Started jobs that may wait for a training slot. */
  maxQueuedJobs: z.number().int().min(0).max(1024).default(8),
  /** Jobs attested but not started that may exist at once. */
  maxPendingJobs: z.number().int().min(1).max(10_000).default(64),
  /** Of those, jobs of one requester (so one account cannot take every slot). */
  maxPendingPerRequester: z.number().int().min(1).max(10_000).default(8),
  /** Of those, jobs on one dataset (so one dataset cannot take every slot). */
  maxPendingPerDataset: z.number().int().min(1).max(10_000).default(16),
  /** Seconds an attested job may wait for its start. */
  pendingTtlSeconds: z.number().int().min(1).max(86_400).default(3600),
  /** Ended jobs kept for status and result queries. */
  maxRetainedJobs: z.number().int().min(1).max(100_000).default(256),
  /** Largest dataset ciphertext, bytes. */
  maxDatasetBytes: z
    .number()
    .int()
    .min(1)
    .max(2 ** 40)
    .default(1 << 30),
  /** Longest training time per job, seconds (also capped by the job deadline). */
  maxTrainingSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 86_400)
    .default(3600),
  /** Time kept before the job deadline for delivery and settlement, seconds. */
  deliveryMarginSeconds: z.number().int().min(0).max(86_400).default(120),
  /** Largest POST body, bytes. */
  maxBodyBytes: z
    .number()
    .int()
    .min(1024)
    .max(1 << 20)
    .default(16_384),
  /** After a shutdown ended the running jobs, how long status queries are still served (for their failure reports), ms. */
  shutdownGraceMs: z.number().int().min(0).max(60_000).default(2000),
  /** Allowed clock distance of signed requests, seconds. */
  requestMaxSkewSeconds: z.number().int().min(1).max(600).default(60),
})

/** Limits of a provider node with defaults applied. */
export type ProviderLimits = z.output<typeof providerLimitsSchema>

/** The plain-data part of a provider node's configuration (validated once at start). */
export const providerNodeOptionsSchema = z.strictObject({
  /** Interface to listen on. */
  host: z.string().min(1).max(255).default('127.0.0.1'),
  /** TCP port; 0 picks a free one. */
  port: z.number().int().min(0).max(65_535).default(0),
  /** JSON-RPC endpoint of the chain (never logged). */
  rpcUrl: z.url({ protocol: /^https?$/ }),
  chainId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** DataPolicy contract address. */
  dataPolicy: address,
  /** This node's provider id on chain. */
  providerId: z
    .number()
    .int()
    .min(1)
    .max(2 ** 32 - 1),
  /** dstack guest agent: a unix socket path in a CVM, an http(s) URL for the dev agent. */
  dstackEndpoint: z.string().min(1).max(1024),
  /** Repository root the code hash is computed over. */
  codeRoot: z.string().min(1).optional(),
  limits: providerLimitsSchema.default(providerLimitsSchema.parse({})),
})

/** Options as a caller gives them (defaults optional). */
export type ProviderNodeOptionsInput = z.input<typeof providerNodeOptionsSchema>
/** Options with every default applied. */
export type ProviderNodeOptions = z.output<typeof providerNodeOptionsSchema>
