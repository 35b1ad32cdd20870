import { readBounded } from '@licen/sdk/http'
import { GraphqlRequestError } from './errors.js'

export type GraphqlRequestParameters = {
  /** GraphQL endpoint (the indexer's `/graphql`). */
  url: string
  query: string
  variables?: Record<string, unknown> | undefined
  /** Whole-request timeout in ms (default 10 s). */
  timeoutMs?: number | undefined
  /** Largest response body accepted, in bytes (default 8 MiB). */
  maxResponseBytes?: number | undefined
}

const defaultTimeoutMs = 10_000
const defaultMaxResponseBytes = 8 * 1024 * 1024

/** POSTs a GraphQL query and returns its `data`; HTTP errors, GraphQL errors and oversized answers throw. */
export async function graphqlRequest<data = Record<string, unknown>>(
  parameters: GraphqlRequestParameters,
): Promise<data> {
  const timeoutMs = parameters.timeoutMs ?? defaultTimeoutMs
  const maxBytes = parameters.maxResponseBytes ?? defaultMaxResponseBytes
  const signal = AbortSignal.timeout(timeoutMs)
  let text: string
  try {
    const response = await fetch(parameters.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: parameters.query, variables: parameters.variables ?? {} }),
      signal,
    })
    if (response.status !== 200) {
      await response.body?.cancel()
      throw new GraphqlRequestError('Indexer answered with an HTTP error', {
        code: 'GRAPHQL_HTTP_ERROR',
        details: `status ${response.status}`,
      })
    }
    text = new TextDecoder().decode(
      await readBounded(response, { maxBytes, tooLarge: () => tooLarge(maxBytes) }),
    )
  } catch (error) {
    if (error instanceof GraphqlRequestError) throw error
    if (signal.aborted) {
      throw new GraphqlRequestError('Indexer did not answer in time', {
        code: 'GRAPHQL_TIMEOUT',
        details: `no answer within ${timeoutMs} ms`,
      })
    }
    throw new GraphqlRequestError('Indexer is unreachable', {
      code: 'GRAPHQL_HTTP_ERROR',
      details: error instanceof Error ? error.name : 'fetch failed',
    })
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new GraphqlRequestError('Indexer answer is not JSON', { code: 'GRAPHQL_INVALID_RESPONSE' })
  }
  if (typeof body !== 'object' || body === null) {
    throw new GraphqlRequestError('Indexer answer is not a GraphQL response', {
      code: 'GRAPHQL_INVALID_RESPONSE',
    })
  }
  const { data, errors } = body as { data?: unknown; errors?: unknown }
  if (Array.isArray(errors) && errors.length > 0) {
    const messages = errors.map((e) => String((e as { message?: unknown })?.message ?? 'unknown error'))
    throw new GraphqlRequestError('GraphQL query failed', {
      code: 'GRAPHQL_ERROR',
      details: messages.join('; ').slice(0, 1_000),
    })
  }
  if (typeof data !== 'object' || data === null) {
    throw new GraphqlRequestError('Indexer answer has no data', { code: 'GRAPHQL_INVALID_RESPONSE' })
  }
  return data as data
}

function tooLarge(limit: number): GraphqlRequestError {
  return new GraphqlRequestError('Indexer answer is too large', {
    code: 'GRAPHQL_RESPONSE_TOO_LARGE',
    details: `more than ${limit} bytes`,
  })
}
