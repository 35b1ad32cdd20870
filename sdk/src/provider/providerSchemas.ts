import type { Address, Hex } from 'viem'
import { z } from 'zod'
import type { SignedEpochReceipt } from '../eip712/epochReceipt.js'

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
  z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`)) as unknown as z.ZodType<Hex>
const hex32 = hexOf(32)
const signature = hexOf(65)
const address = hexOf(20) as unknown as z.ZodType<Address>
/** A 33-byte compressed secp256k1 public key. */
const compressedKey = z.string().regex(/^0x0[23][0-9a-fA-F]{64}$/) as unknown as z.ZodType<Hex>
/** An unsigned integer as JSON number or decimal string, read as a bigint. */
const uint = (bits: number) =>
  z
    .union([z.number().int().nonnegative(), z.string().regex(/^\d{1,78}$/)])
    .transform((value) => BigInt(value))
    .refine((value) => value < 2n ** BigInt(bits), `must fit in uint${bits}`)

// Failure codes travel on chain as bytes32 (`encodeFailureReason`), so none is longer than 32 characters.
const failureCode = z.string().max(32)

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
  providerId: z.number().int().nonnegative(),
  chainId: z.number().int().positive(),
  dataPolicy: address,
  identity: z.looseObject({
    composeHash: z.string().max(200),
    appId: z.string().max(200),
    instanceId: z.string().max(200),
    osImageHash: z.string().max(200).optional(),
    codeHash: hex32,
    codeFiles: z.number().int().nonnegative(),
    baseModel: z.looseObject({ id: z.string().max(200), sha256: hex32, configSha256: hex32 }),
    trainer: z.string().max(200),
  }),
  limits: z.record(z.string().max(64), z.number()),
  jobs: z.object({ running: z.number().int().nonnegative(), queued: z.number().int().nonnegative() }),
})
/** The `GET /v1/info` document. */
export type ProviderInfo = z.output<typeof providerInfoSchema>

/** `POST /v1/jobs/:jobId/attest` body. */
export const attestRequestSchema = z.strictObject({
  /** Fresh 32-byte nonce from the orchestrator. */
  nonce: hexOf(32),
  chainId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  dataPolicy: address,
})
/** `POST /v1/jobs/:jobId/attest` body. */
export type AttestRequest = z.output<typeof attestRequestSchema>

/** `POST /v1/jobs/:jobId/attest` answer: the quote binding the job's keys, and those keys. */
export const attestAnswerSchema = z.object({
  quote: z
    .string()
    .max(2 + 2 * PROVIDER_MAX_QUOTE_BYTES)
    .regex(/^0x([0-9a-fA-F]{2})+$/) as unknown as z.ZodType<Hex>,
  eventLog: z.string().max(PROVIDER_MAX_EVENT_LOG_CHARS),
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
    .regex(/^0x([0-9a-fA-F]{2})+$/)
    .max(2 + 2 * PROVIDER_MAX_SEALED_KEY_BYTES) as unknown as z.ZodType<Hex>,
  spec: z.strictObject({
    datasetRoot: hex32,
    epochs: z.number().int().min(1).max(65_535),
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
  epoch: z.number().int().nonnegative().max(65_535).optional(),
  step: z.number().int().nonnegative().optional(),
  totalSteps: z.number().int().nonnegative().optional(),
  // The node reports `loss: null` until the first step of an epoch has run.
  loss: z
    .number()
    .finite()
    .nonnegative()
    .nullable()
    .optional()
    .transform((value) => value ?? undefined),
  code: failureCode.optional(),
})
/** Where a job stands on its provider. */
export type ProviderJobStatus = z.output<typeof providerJobStatusSchema>

/** A signed epoch receipt as JSON (integers but `epoch` as strings; the provider's digest is checked for shape). */
export const providerReceiptSchema = z
  .object({
    receipt: z
      .object({
        jobId: uint(256),
        epoch: z.number().int().min(1).max(65_535),
        samples: uint(64),
        lossMicro: uint(64),
        adapterHash: hex32,
        prevReceipt: hex32,
      })
      .strict(),
    signature,
    // The provider's EIP-712 digest of the receipt: verifiers recompute it, so it is checked for shape and dropped.
    digest: hex32.optional(),
  })
  .strict()

/** `GET /v1/jobs/:jobId` answer (`POST …/start` answers the same view with 202). */
export const providerJobAnswerSchema = z.object({
  jobId: uint(256),
  /** The job's enclave signer and encryption key (the node always sends them; readers of status need neither). */
  signer: address.optional(),
  encPubKey: compressedKey.optional(),
  status: providerJobStatusSchema,
  receipts: z.array(providerReceiptSchema).max(PROVIDER_JOB_MAX_RECEIPTS),
  failure: providerFailureSchema.optional(),
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
    actualEpochs: z.number().int().min(0).max(65_535),
    receiptsHead: hex32,
  }),
  signature,
})
/** A signed result manifest as a provider serves it. */
export type ProviderResult = z.output<typeof providerResultSchema>

/** Body of every provider error answer. */
export const providerErrorBodySchema = z.object({
  error: z.object({ code: z.string().max(64), message: z.string().max(1_000).optional() }),
})
/** Body of every provider error answer (`message` is a short sentence, safe to show). */
export type ProviderErrorBody = { error: { code: string; message: string } }

/** `POST /v1/jobs/:jobId/start` refusal with a signed failure (HTTP 422). */
export const startFailureSchema = z.object({
  error: z.object({ code: z.string().max(64) }),
  failure: providerFailureSchema,
})
