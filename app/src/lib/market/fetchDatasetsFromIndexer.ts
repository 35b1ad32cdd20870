import { z } from '@licen/sdk/validation'
import type { Client } from '@urql/core'
import type { Hex } from 'viem'
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

const hex = (bytes: number) =>
  z.string().check(z.regex(new RegExp(`^0x[0-9a-f]{${bytes * 2}}$`))) as z.ZodMiniType<Hex>
const int = z.union([z.int(), z.string().check(z.regex(/^\d{1,78}$/))])
const uint16 = (min: number) => z.int().check(z.minimum(min), z.maximum(65_535))
const page = z.object({
  datasets: z.object({
    items: z.array(
      z.object({
        id: hex(32),
        owner: hex(20),
        manifestHash: hex(32),
        active: z.boolean(),
        policyVersion: uint16(1),
        royaltyPerEpoch: int,
        maxEpochsPerJob: uint16(0),
        maxActiveJobsPerRequester: uint16(0),
        sessionTtl: int,
        expiry: int,
        allowedPurposes: int,
        attestationPolicy: hex(32),
        registeredBlock: int,
      }),
    ),
    pageInfo: z.object({
      hasNextPage: z.boolean(),
      endCursor: z.nullable(z.string().check(z.maxLength(1024))),
    }),
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
