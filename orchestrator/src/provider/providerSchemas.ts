import { z } from 'zod'

const hex = (bytes: number) =>
  z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`)) as unknown as z.ZodType<`0x${string}`>
const address = hex(20)
const decimal = z.string().regex(/^(0|[1-9][0-9]{0,77})$/)

/** Largest quote accepted (bytes). */
export const MAX_QUOTE_BYTES = 65_536
/** Largest event log accepted (characters of JSON). */
export const MAX_EVENT_LOG_CHARS = 1_048_576

/** `POST /v1/jobs/:jobId/attest` answer. */
export const attestAnswerSchema = z.object({
  quote: z
    .string()
    .max(2 + 2 * MAX_QUOTE_BYTES)
    .regex(/^0x([0-9a-fA-F]{2})+$/) as unknown as z.ZodType<`0x${string}`>,
  eventLog: z.string().max(MAX_EVENT_LOG_CHARS),
  encPubKey: z.string().regex(/^0x0[23][0-9a-fA-F]{64}$/) as unknown as z.ZodType<`0x${string}`>,
  signer: address,
  reportData: hex(64),
})
export type AttestAnswer = z.infer<typeof attestAnswerSchema>

/** A signed failure report as a provider publishes it. */
export const failureSchema = z.object({
  code: z.string().max(64),
  reason: hex(32),
  signature: hex(65),
})
export type ProviderFailure = z.infer<typeof failureSchema>

/** Provider job states (`status.state`). */
export const providerJobStates = [
  'Init',
  'SettingUp',
  'Training',
  'Delivering',
  'Delivered',
  'Finished',
  'Failed',
] as const

/** `GET /v1/jobs/:jobId` answer (the fields the orchestrator reads). */
export const jobViewSchema = z.object({
  jobId: decimal,
  signer: address,
  encPubKey: hex(33),
  status: z.object({ state: z.enum(providerJobStates), code: z.string().max(64).optional() }),
  failure: failureSchema.optional(),
})
export type ProviderJobView = z.infer<typeof jobViewSchema>

/** `GET /v1/jobs/:jobId/result` answer: ResultManifest fields (integers as strings) and the enclave signature. */
export const resultViewSchema = z.object({
  manifest: z.object({
    jobId: decimal,
    datasetRoot: hex(32),
    resultRoot: hex(32),
    codeHash: hex(32),
    attestationRef: hex(32),
    actualEpochs: z.int().min(0).max(65_535),
    receiptsHead: hex(32),
  }),
  signature: hex(65),
})
export type ProviderResult = z.infer<typeof resultViewSchema>

/** `POST /v1/jobs/:jobId/start` refusal with a signed failure (HTTP 422). */
export const startFailureSchema = z.object({
  error: z.object({ code: z.string().max(64) }),
  failure: failureSchema,
})

/** Any provider error answer. */
export const errorAnswerSchema = z.object({
  error: z.object({ code: z.string().max(64), message: z.string().max(1_000).optional() }),
})
