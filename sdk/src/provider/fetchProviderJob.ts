import type { Hex } from 'viem'
import { z } from 'zod'
import type { SignedEpochReceipt } from '../eip712/epochReceipt.js'
import { ProviderClientError } from './ProviderClientError.js'

/** Largest `GET /v1/jobs/:jobId` answer read, in bytes, and most receipts accepted in it. */
export const PROVIDER_JOB_MAX_BYTES = 512 * 1024
export const PROVIDER_JOB_MAX_RECEIPTS = 4096

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/) as unknown as z.ZodType<Hex>
const signature = z.string().regex(/^0x[0-9a-fA-F]{130}$/) as unknown as z.ZodType<Hex>
const uint = (bits: number) =>
  z
    .union([z.number().int().nonnegative(), z.string().regex(/^\d{1,78}$/)])
    .transform((value) => BigInt(value))
    .refine((value) => value < 2n ** BigInt(bits), `must fit in uint${bits}`)

// Failure codes travel on chain as bytes32 (`encodeFailureReason`), so none is longer than 32 characters.
const failureCode = z.string().max(32)

/** Training states of a provider job (docs/ENGINEERING.md, provider API v1). */
export const PROVIDER_JOB_STATES = [
  'Init',
  'SettingUp',
  'Training',
  'Delivering',
  'Delivered',
  'Finished',
  'Failed',
] as const

const answerSchema = z.object({
  jobId: uint(256),
  status: z.object({
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
  }),
  receipts: z
    .array(
      z
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
        .strict(),
    )
    .max(PROVIDER_JOB_MAX_RECEIPTS),
  failure: z.object({ code: failureCode, reason: hex32, signature }).optional(),
})

/** A provider's view of one job, validated: its training state, signed receipts and signed failure. */
export type ProviderJob = {
  jobId: bigint
  status: z.infer<typeof answerSchema>['status']
  receipts: SignedEpochReceipt[]
  failure: { code: string; reason: Hex; signature: Hex } | undefined
}

/**
 * Reads `GET <endpoint>/v1/jobs/<jobId>` from a provider node (timeout, bounded size) and validates it; a cancel
 * through `signal` rejects with the abort error itself, not a `ProviderClientError`.
 */
export async function fetchProviderJob(parameters: {
  endpoint: string
  jobId: bigint
  timeoutMs?: number | undefined
  signal?: AbortSignal | undefined
  fetch?: typeof fetch | undefined
}): Promise<ProviderJob> {
  const url = `${parameters.endpoint.replace(/\/+$/, '')}/v1/jobs/${parameters.jobId}`
  const timeout = AbortSignal.timeout(parameters.timeoutMs ?? 10_000)
  const signal = parameters.signal ? AbortSignal.any([parameters.signal, timeout]) : timeout
  let response: Response
  try {
    response = await (parameters.fetch ?? globalThis.fetch)(url, {
      signal,
      headers: { accept: 'application/json' },
    })
  } catch (cause) {
    throw unreachable(parameters, cause)
  }
  if (response.status === 404) {
    await response.body?.cancel()
    throw new ProviderClientError('PROVIDER_JOB_NOT_FOUND', 'The provider node does not know this job.', {
      details: `job ${parameters.jobId}`,
    })
  }
  if (response.status !== 200) {
    await response.body?.cancel()
    throw new ProviderClientError('PROVIDER_BAD_RESPONSE', 'The provider node refused the status request.', {
      details: `HTTP ${response.status}`,
    })
  }
  let text: string
  try {
    text = await readBounded(response, PROVIDER_JOB_MAX_BYTES)
  } catch (cause) {
    if (cause instanceof ProviderClientError) throw cause
    throw unreachable(parameters, cause)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    throw new ProviderClientError('PROVIDER_BAD_RESPONSE', 'The provider node answered with invalid JSON.', {
      cause,
    })
  }
  const parsed = answerSchema.safeParse(json)
  if (!parsed.success || parsed.data.jobId !== parameters.jobId) {
    throw new ProviderClientError(
      'PROVIDER_BAD_RESPONSE',
      'The provider node answered out of the API shape.',
      {
        details: parsed.success
          ? `answer is for job ${parsed.data.jobId}`
          : parsed.error.issues
              .slice(0, 5)
              .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
              .join('; '),
      },
    )
  }
  const { jobId, status, receipts, failure } = parsed.data
  return {
    jobId,
    status,
    receipts: receipts.map(({ receipt, signature }) => ({ receipt, signature })),
    failure,
  }
}

/** The caller's own cancellation passes through unchanged; anything else is the node not answering. */
function unreachable(
  parameters: { jobId: bigint; signal?: AbortSignal | undefined },
  cause: unknown,
): unknown {
  if (parameters.signal?.aborted) return cause
  return new ProviderClientError('PROVIDER_UNREACHABLE', 'The provider node could not be reached.', {
    details: `job ${parameters.jobId}`,
    cause,
  })
}

async function readBounded(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0')
  if (declared > limit) {
    await response.body?.cancel()
    throw new ProviderClientError('PROVIDER_BAD_RESPONSE', 'The provider node answer is too large.', {
      details: `${declared} bytes, at most ${limit}`,
    })
  }
  const reader = response.body?.getReader()
  if (!reader) return ''
  const parts: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.length
    if (size > limit) {
      await reader.cancel()
      throw new ProviderClientError('PROVIDER_BAD_RESPONSE', 'The provider node answer is too large.', {
        details: `more than ${limit} bytes`,
      })
    }
    parts.push(value)
  }
  return new TextDecoder().decode(concat(parts, size))
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}
