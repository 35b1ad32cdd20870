import { readBounded } from '@licen/sdk/http'
import { Client, fetchExchange, gql } from '@urql/core'
import { z } from 'zod'
import type { DiscoveredJob } from '../db/jobStore.js'
import { OrchestratorError } from '../errors.js'

/** Largest GraphQL answer read (1000 job ids per page fit many times over). */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024
/** Rows per page (Ponder's maximum). */
const PAGE = 1000
/** Pages read per round; a backlog larger than this is picked up over the next rounds. */
const MAX_PAGES = 20

const OPEN_JOBS = gql`
  query OpenJobs($after: String, $limit: Int!) {
    _meta {
      status
    }
    jobs(where: { state_in: [Granted, Running] }, orderBy: "id", orderDirection: "asc", limit: $limit, after: $after) {
      items {
        id
        state
        grantedBlock
        deadline
        providerId
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`

const decimal = z.string().regex(/^(0|[1-9][0-9]{0,77})$/)
/** A uint40 or smaller (a deadline, a provider id) as the indexer's BigInt string. */
const smallDecimal = z.string().regex(/^(0|[1-9][0-9]{0,12})$/)

const answerSchema = z.object({
  _meta: z.object({ status: z.unknown() }).nullable().optional(),
  jobs: z.object({
    items: z
      .array(
        z.object({
          id: decimal,
          state: z.string(),
          grantedBlock: decimal.nullable().optional(),
          deadline: smallDecimal.nullable().optional(),
          providerId: smallDecimal.nullable().optional(),
        }),
      )
      .max(PAGE),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().max(4096).nullable() }),
  }),
})

/** What one indexer round found: open jobs and the block the indexer has processed. */
export type IndexerRound = { jobs: DiscoveredJob[]; indexedBlock: bigint | undefined }

/** Lists open (Granted or Running) jobs from the indexer's GraphQL. */
export type IndexerSource = { openJobs: () => Promise<IndexerRound> }

/** Creates the indexer source: urql over POST (Ponder serves GraphiQL on GET), bounded answers, a timeout. */
export function createIndexerSource(parameters: {
  graphqlUrl: string
  timeoutMs: number
  fetch?: typeof fetch | undefined
}): IndexerSource {
  const baseFetch = parameters.fetch ?? globalThis.fetch.bind(globalThis)
  const boundedFetch: typeof fetch = async (input, init) => {
    const response = await baseFetch(input, { ...init, signal: AbortSignal.timeout(parameters.timeoutMs) })
    const body = await readBounded(response, {
      maxBytes: MAX_RESPONSE_BYTES,
      tooLarge: () =>
        new OrchestratorError('The indexer answer is too large.', { code: 'INDEXER_UNAVAILABLE' }),
    })
    return new Response(body, {
      status: response.status,
      headers: response.headers,
    })
  }
  const client = new Client({
    url: parameters.graphqlUrl,
    exchanges: [fetchExchange],
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetch: boundedFetch,
  })
  return {
    async openJobs() {
      const jobs: DiscoveredJob[] = []
      let indexedBlock: bigint | undefined
      let after: string | null = null
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await client.query(OPEN_JOBS, { after, limit: PAGE }).toPromise()
        if (result.error || !result.data) {
          throw new OrchestratorError('The indexer could not be queried.', {
            code: 'INDEXER_UNAVAILABLE',
            details: result.error?.networkError
              ? 'network error'
              : (result.error?.message ?? 'no data').slice(0, 200),
          })
        }
        const parsed = answerSchema.safeParse(result.data)
        if (!parsed.success) {
          throw new OrchestratorError('The indexer answered outside the expected schema.', {
            code: 'INDEXER_UNAVAILABLE',
          })
        }
        if (page === 0) indexedBlock = blockOf(parsed.data._meta?.status)
        for (const item of parsed.data.jobs.items) {
          jobs.push({
            jobId: BigInt(item.id),
            grantedBlock: item.grantedBlock ? BigInt(item.grantedBlock) : undefined,
            deadline: item.deadline ? Number(item.deadline) : undefined,
            providerId: item.providerId ? Number(item.providerId) : undefined,
          })
        }
        if (!parsed.data.jobs.pageInfo.hasNextPage || !parsed.data.jobs.pageInfo.endCursor) break
        after = parsed.data.jobs.pageInfo.endCursor
      }
      return { jobs, indexedBlock }
    },
  }
}

/** The indexed block from Ponder's `_meta.status` (`{<chain>: {block: {number}}}`, one chain). */
function blockOf(status: unknown): bigint | undefined {
  if (typeof status !== 'object' || status === null) return undefined
  const numbers = Object.values(status as Record<string, { block?: { number?: unknown } } | null>).map(
    (chain) => chain?.block?.number,
  )
  if (numbers.length !== 1) return undefined
  const value = numbers[0]
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : undefined
}
