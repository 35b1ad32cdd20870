import type { ResultManifest } from '@licen/sdk'
import type { Hex } from 'viem'
import { z } from 'zod'
import { AppError } from '../errors/AppError.js'

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/) as z.ZodType<Hex>
const uint = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d{1,78}$/)])
  .transform((v) => BigInt(v))

const schema = z.object({
  manifest: z.object({
    jobId: uint,
    datasetRoot: hex32,
    resultRoot: hex32,
    codeHash: hex32,
    attestationRef: hex32,
    actualEpochs: z.number().int().min(0).max(65_535),
    receiptsHead: hex32,
  }),
  signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/) as z.ZodType<Hex>,
})

/** Fetches the signed result manifest from the provider (`GET /v1/jobs/:jobId/result`), bounded and validated. */
export async function fetchProviderResult(
  endpoint: string,
  jobId: bigint,
  doFetch: typeof fetch = globalThis.fetch,
): Promise<{ manifest: ResultManifest; signature: Hex }> {
  let text: string
  try {
    const response = await doFetch(`${endpoint.replace(/\/+$/, '')}/v1/jobs/${jobId}/result`, {
      signal: AbortSignal.timeout(10_000),
      headers: { accept: 'application/json' },
    })
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    text = await response.text()
  } catch (cause) {
    throw new AppError('The provider node did not give the signed result manifest.', {
      code: 'PROVIDER_UNREACHABLE',
      cause,
    })
  }
  if (text.length > 16 * 1024)
    throw new AppError('The provider node answered with too much data.', { code: 'PROVIDER_INVALID' })
  const parsed = schema.safeParse(JSON.parse(text))
  if (!parsed.success)
    throw new AppError('The provider node answered with an unexpected shape.', { code: 'PROVIDER_INVALID' })
  return parsed.data
}
