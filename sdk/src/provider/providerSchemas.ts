import type { Address, Hex } from 'viem'
import type { SignedEpochReceipt } from '../eip712/epochReceipt.js'
import { z } from '../validation/index.js'

/** Largest `GET /v1/jobs/:jobId` answer a browser or CLI reads, in bytes. */
export const PROVIDER_JOB_MAX_BYTES = 512 * 1024
/** Most receipts accepted in a job answer (one per epoch; epochs are uint16). */
export const PROVIDER_JOB_MAX_RECEIPTS = 4096
/** Largest provider answer read by default (a quote, its event log and receipts fit well inside). */
export const PROVIDER_MAX_RESPONSE_BYTES = 4 * 1024 * 1024
/** Largest quote accepted (bytes). */
export const PROVIDER_MAX_QUOTE_BYTES = 65_536
/** Largest event log accepted (characters of JSON). */
export const PROVIDER_MAX_EVENT_LOG_CHARS = 1_048_576
/** Largest sealed key accepted in a start request (the envelope maximum is 1024 bytes). */
export const PROVIDER_MAX_SEALED_KEY_BYTES = 1024

/** Training states of a provider job, `status.state` (docs/ENGINEERING.md, provider API v1). */
export const PROVIDER_JOB_STATES = [
  'Init',
  'SettingUp',
  'Training',
  'Delivering',
  'Delivered',
  'Finished',
  'Failed',
] as const

/** A provider job state name. */
export type ProviderJobState = (typeof PROVIDER_JOB_STATES)[number]

const hexOf = (bytes: number) =>
  z.string().check(z.regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`))) as z.ZodMiniType<Hex>
const hex32 = hexOf(32)
const signature = hexOf(65)
const address = hexOf(20) as z.ZodMiniType<Address>
/** A 33-byte compressed secp256k1 public key. */
const compressedKey = z.string().check(z.regex(/^0x0[23][0-9a-fA-F]{64}$/)) as z.ZodMiniType<Hex>
/** A non-negative safe integer. */
const natural = () => z.int().check(z.nonnegative())
/** A string of at most `max` characters. */
const text = (max: number) => z.string().check(z.maxLength(max))
/** An unsigned integer as JSON number or decimal string, read as a bigint. */
const uint = (bits: number) =>
  z
    .pipe(
      z.union([natural(), z.string().check(z.regex(/^\d{1,78}$/))]),
      z.transform((value) => BigInt(value)),
    )
    .check(z.refine((value) => value < 2n ** BigInt(bits), `must fit in uint${bits}`))

// Failure codes travel on chain as bytes32 (`encodeFailureReason`), so none is longer than 32 characters.
const failureCode = text(32)

const JOB_ID = /^(0|[1-9][0-9]{0,77})$/

/** Parses a decimal uint256 job id (a path segment); undefined when it is not one. */
export function parseJobId(text: string): bigint | undefined {
  if (!JOB_ID.test(text)) return undefined
  const value = BigInt(text)
  return value < 2n ** 256n ? value : undefined
}

/** `GET /v1/info`: what the node serves and runs (image identity, limits, load). */
export const providerInfoSchema = z.looseObject({
  version: z.literal('licen/provider/v1'),
  providerId: natural(),
  chainId: z.int().check(z.positive()),
  dataPolicy: address,
  identity: z.looseObject({
    composeHash: text(200),
    appId: text(200),
    instanceId: text(200),
    osImageHash: z.optional(text(200)),
    codeHash: hex32,
    codeFiles: natural(),
    baseModel: z.looseObject({ id: text(200), sha256: hex32, configSha256: hex32 }),
    trainer: text(200),
  }),
  limits: z.record(text(64), z.number()),
  jobs: z.object({ running: natural(), queued: natural() }),
})
/** The `GET /v1/info` document. */
export type ProviderInfo = z.output<typeof providerInfoSchema>

/** `POST /v1/jobs/:jobId/attest` body. */
export const attestRequestSchema = z.strictObject({
  /** Fresh 32-byte nonce from the orchestrator. */
  nonce: hexOf(32),
  chainId: z.int().check(z.positive(), z.maximum(Number.MAX_SAFE_INTEGER)),
  dataPolicy: address,
})
/** `POST /v1/jobs/:jobId/attest` body. */
export type AttestRequest = z.output<typeof attestRequestSchema>

/** `POST /v1/jobs/:jobId/attest` answer: the quote binding the job's keys, and those keys. */
export const attestAnswerSchema = z.object({
  quote: z
    .string()
    .check(
      z.maxLength(2 + 2 * PROVIDER_MAX_QUOTE_BYTES),
      z.regex(/^0x([0-9a-fA-F]{2})+$/),
    ) as z.ZodMiniType<Hex>,
  eventLog: text(PROVIDER_MAX_EVENT_LOG_CHARS),
  encPubKey: compressedKey,
  signer: address,
  reportData: hexOf(64),
})
/** `POST /v1/jobs/:jobId/attest` answer. */
export type AttestAnswer = z.output<typeof attestAnswerSchema>

/** `POST /v1/jobs/:jobId/start` body. */
export const startRequestSchema = z.strictObject({
  /** The dataset key sealed to this job's encryption key (`sealJobKey`). */
  sealedKey: z
    .string()
    .check(
      z.regex(/^0x([0-9a-fA-F]{2})+$/),
      z.maxLength(2 + 2 * PROVIDER_MAX_SEALED_KEY_BYTES),
    ) as z.ZodMiniType<Hex>,
  spec: z.strictObject({
    datasetRoot: hex32,
    epochs: z.int().check(z.minimum(1), z.maximum(65_535)),
    /** 33-byte compressed secp256k1 key. */
    resultPubKey: compressedKey,
  }),
})
/** `POST /v1/jobs/:jobId/start` body. */
export type StartRequest = z.output<typeof startRequestSchema>

/** A signed failure report (EIP-712 FailureReport): the code, its bytes32 reason and the enclave signature. */
export const providerFailureSchema = z.object({ code: failureCode, reason: hex32, signature })
/** A signed failure report as a provider publishes it. */
export type ProviderFailure = z.output<typeof providerFailureSchema>

/** `status` of a job answer: its state and, per state, the training progress or the failure code. */
export const providerJobStatusSchema = z.object({
  state: z.enum(PROVIDER_JOB_STATES),
  epoch: z.optional(natural().check(z.maximum(65_535))),
  step: z.optional(natural()),
  totalSteps: z.optional(natural()),
  // The node reports `loss: null` until the first step of an epoch has run.
  loss: z.pipe(
    z.optional(z.nullable(z.number().check(z.nonnegative()))),
    z.transform((value) => value ?? undefined),
  ),
  code: z.optional(failureCode),
})
/** Where a job stands on its provider. */
export type ProviderJobStatus = z.output<typeof providerJobStatusSchema>

/** A signed epoch receipt as JSON (integers but `epoch` as strings; the provider's digest is checked for shape). */
export const providerReceiptSchema = z.strictObject({
  receipt: z.strictObject({
    jobId: uint(256),
    epoch: z.int().check(z.minimum(1), z.maximum(65_535)),
    samples: uint(64),
    lossMicro: uint(64),
    adapterHash: hex32,
    prevReceipt: hex32,
  }),
  signature,
  // The provider's EIP-712 digest of the receipt: verifiers recompute it, so it is checked for shape and dropped.
  digest: z.optional(hex32),
})

/** `GET /v1/jobs/:jobId` answer (`POST …/start` answers the same view with 202). */
export const providerJobAnswerSchema = z.object({
  jobId: uint(256),
  /** The job's enclave signer and encryption key (the node always sends them; readers of status need neither). */
  signer: z.optional(address),
  encPubKey: z.optional(compressedKey),
  status: providerJobStatusSchema,
  receipts: z.array(providerReceiptSchema).check(z.maxLength(PROVIDER_JOB_MAX_RECEIPTS)),
  failure: z.optional(providerFailureSchema),
})

/** A provider's view of one job, validated: its training state, signed receipts and signed failure. */
export type ProviderJob = {
  jobId: bigint
  status: ProviderJobStatus
  receipts: SignedEpochReceipt[]
  failure: ProviderFailure | undefined
}

/** `GET /v1/jobs/:jobId/result` answer: the ResultManifest fields and the enclave signature. */
export const providerResultSchema = z.object({
  manifest: z.object({
    jobId: uint(256),
    datasetRoot: hex32,
    resultRoot: hex32,
    codeHash: hex32,
    attestationRef: hex32,
    actualEpochs: z.int().check(z.minimum(0), z.maximum(65_535)),
    receiptsHead: hex32,
  }),
  signature,
})
/** A signed result manifest as a provider serves it. */
export type ProviderResult = z.output<typeof providerResultSchema>

/** Body of every provider error answer. */
export const providerErrorBodySchema = z.object({
  error: z.object({ code: text(64), message: z.optional(text(1_000)) }),
})
/** Body of every provider error answer (`message` is a short sentence, safe to show). */
export type ProviderErrorBody = { error: { code: string; message: string } }

/** `POST /v1/jobs/:jobId/start` refusal with a signed failure (HTTP 422). */
export const startFailureSchema = z.object({
  error: z.object({ code: text(64) }),
  failure: providerFailureSchema,
})
