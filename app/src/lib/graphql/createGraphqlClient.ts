import { Client, fetchExchange } from '@urql/core'

/** The indexer's GraphQL client: POST only (Ponder answers GET with its playground), 10 s timeout per request. */
export function createGraphqlClient(url: string, fetchImpl: typeof fetch = globalThis.fetch): GraphqlClient {
  return new Client({
    url,
    exchanges: [fetchExchange],
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetch: (input, init) =>
      fetchImpl(input, {
        ...init,
        signal: init?.signal
          ? AbortSignal.any([init.signal, AbortSignal.timeout(10_000)])
          : AbortSignal.timeout(10_000),
      }),
  })
}

type GraphqlClient = Client
