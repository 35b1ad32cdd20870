import type { Client } from '@urql/core'
import type { Hex } from 'viem'
import { z } from 'zod'
import { AppError } from '../errors/AppError.js'
import type { DatasetSummary } from './reduceDatasetEvents.js'

/** Most datasets one marketplace listing reads from the indexer (pages of 100). */
export const maxIndexedDatasets = 1000

const query = `query Market($after: String) {
  datasets(orderBy: "registeredBlock", orderDirection: "desc", limit: 100, after: $after) {
    items {
      id owner manifestHash active policyVersion royaltyPerEpoch maxEpochsPerJob maxActiveJobsPerRequester
      sessionTtl expiry allowedPurposes attestationPolicy registeredBlock
    }
    pageInfo { hasNextPage endCursor }
  }
}`

const hex = (bytes: number) => z.string().regex(new RegExp(`^0x[0-9a-f]{${bytes * 2}}$`)) as z.ZodType<Hex>
const int = z.union([z.number().int(), z.string().regex(/^\d{1,78}$/)])
const page = z.object({
  datasets: z.object({
    items: z.array(
      z.object({
        id: hex(32),
        owner: hex(20),
        manifestHash: hex(32),
        active: z.boolean(),
        policyVersion: z.number().int().min(1).max(65_535),
        royaltyPerEpoch: int,
        maxEpochsPerJob: z.number().int().min(0).max(65_535),
        maxActiveJobsPerRequester: z.number().int().min(0).max(65_535),
        sessionTtl: int,
        expiry: int,
        allowedPurposes: int,
        attestationPolicy: hex(32),
        registeredBlock: int,
      }),
    ),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().max(1024).nullable() }),
  }),
})

/** Lists datasets from the indexer's GraphQL (POST), newest first, validated field by field. */
export async function fetchDatasetsFromIndexer(client: Client): Promise<DatasetSummary[]> {
  const out: DatasetSummary[] = []
  let after: string | null = null
  do {
    const result = await client.query(query, { after }).toPromise()
    if (result.error)
      throw new AppError('The indexer did not answer.', { code: 'INDEXER_UNREACHABLE', cause: result.error })
    const parsed = page.safeParse(result.data)
    if (!parsed.success)
      throw new AppError('The indexer answered with data the app does not understand.', {
        code: 'INDEXER_INVALID',
      })
    for (const d of parsed.data.datasets.items)
      out.push({
        root: d.id,
        owner: d.owner,
        manifestHash: d.manifestHash,
        active: d.active,
        policyVersion: d.policyVersion,
        registeredBlock: BigInt(d.registeredBlock),
        policy: {
          royaltyPerEpoch: BigInt(d.royaltyPerEpoch),
          maxEpochsPerJob: d.maxEpochsPerJob,
          maxActiveJobsPerRequester: d.maxActiveJobsPerRequester,
          sessionTtl: Number(d.sessionTtl),
          expiry: Number(d.expiry),
          allowedPurposes: Number(d.allowedPurposes),
          attestationPolicy: d.attestationPolicy,
        },
      })
    after = parsed.data.datasets.pageInfo.hasNextPage ? parsed.data.datasets.pageInfo.endCursor : null
  } while (after && out.length < maxIndexedDatasets)
  return out
}
