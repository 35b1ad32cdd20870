import type { SignedEpochReceipt } from '@licen/sdk'
import type { Hex } from 'viem'
import { z } from 'zod'
import { AppError } from '../errors/AppError.js'

/** Largest provider status answer accepted, in bytes, and most receipts in it. */
export const maxStatusBytes = 512 * 1024
export const maxReceipts = 4096

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/) as z.ZodType<Hex>
const signature = z.string().regex(/^0x[0-9a-fA-F]{130}$/) as z.ZodType<Hex>
const uint = (bits: number) =>
  z
    .union([z.number().int().nonnegative(), z.string().regex(/^\d{1,78}$/)])
    .transform((value) => BigInt(value))
    .refine((value) => value < 2n ** BigInt(bits), `must fit in uint${bits}`)

const receiptSchema = z
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
    /** The provider's EIP-712 digest of the receipt; recomputed here, never trusted, so dropped. */
    digest: hex32.optional(),
  })
  .strict()
  .transform(({ receipt, signature }) => ({ receipt, signature }))

/** Training states the provider node reports (docs/ENGINEERING.md, provider API v1). */
export const providerJobStates = [
  'Init',
  'SettingUp',
  'Training',
  'Delivering',
  'Delivered',
  'Finished',
  'Failed',
] as const

const statusSchema = z.object({
  jobId: uint(256),
  status: z.object({
    state: z.enum(providerJobStates),
    epoch: z.number().int().nonnegative().max(65_535).optional(),
    step: z.number().int().nonnegative().optional(),
    loss: z.number().finite().nonnegative().optional(),
    code: z.string().max(32).optional(),
  }),
  receipts: z.array(receiptSchema).max(maxReceipts),
  failure: z.object({ code: z.string().max(32), reason: hex32, signature }).optional(),
})

/** A provider's answer to `GET /v1/jobs/:jobId`, validated. */
export type ProviderJobStatus = {
  jobId: bigint
  status: z.infer<typeof statusSchema>['status']
  receipts: SignedEpochReceipt[]
  failure?: { code: string; reason: Hex; signature: Hex } | undefined
}

/** Fetches a job's live status from its provider node (bounded size, timeout) and validates its shape. */
export async function fetchProviderJobStatus(
  endpoint: string,
  jobId: bigint,
  { fetch: doFetch = globalThis.fetch, signal }: { fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<ProviderJobStatus> {
  const url = `${endpoint.replace(/\/+$/, '')}/v1/jobs/${jobId}`
  const timeout = AbortSignal.timeout(10_000)
  let text: string
  try {
    const response = await doFetch(url, {
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      headers: { accept: 'application/json' },
    })
    if (!response.ok)
      throw new AppError('The provider node answered with an error.', {
        code: 'PROVIDER_UNREACHABLE',
        details: `HTTP ${response.status}`,
      })
    text = await response.text()
  } catch (cause) {
    if (cause instanceof AppError) throw cause
    if (signal?.aborted) throw cause
    throw new AppError('The provider node did not answer.', { code: 'PROVIDER_UNREACHABLE', cause })
  }
  if (text.length > maxStatusBytes)
    throw new AppError('The provider node answered with too much data.', {
      code: 'PROVIDER_INVALID',
      details: `${text.length} bytes, limit ${maxStatusBytes}`,
    })
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    throw new AppError('The provider node answered with invalid JSON.', { code: 'PROVIDER_INVALID', cause })
  }
  const parsed = statusSchema.safeParse(json)
  if (!parsed.success)
    throw new AppError('The provider node answered with an unexpected shape.', {
      code: 'PROVIDER_INVALID',
      details: parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; '),
    })
  if (parsed.data.jobId !== jobId)
    throw new AppError('The provider node answered for another job.', {
      code: 'PROVIDER_INVALID',
      details: `asked ${jobId}, got ${parsed.data.jobId}`,
    })
  return parsed.data
}
