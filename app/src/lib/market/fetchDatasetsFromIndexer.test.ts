import { describe, expect, test } from 'vitest'
import { createGraphqlClient } from '../graphql/createGraphqlClient.js'
import { fetchDatasetsFromIndexer } from './fetchDatasetsFromIndexer.js'

const h = (n: number, bytes = 32) => `0x${n.toString(16).padStart(bytes * 2, '0')}`
const item = (n: number) => ({
  id: h(n),
  owner: h(7, 20),
  manifestHash: h(100 + n),
  active: true,
  policyVersion: 2,
  royaltyPerEpoch: '1000000000000000',
  maxEpochsPerJob: 5,
  maxActiveJobsPerRequester: 2,
  sessionTtl: '7200',
  expiry: '0',
  allowedPurposes: '5',
  attestationPolicy: h(0),
  registeredBlock: String(10 + n),
})

describe('fetchDatasetsFromIndexer', () => {
  test('default', async () => {
    const bodies: { method: string; body: { variables: unknown } }[] = []
    const pages = [
      { items: [item(2)], pageInfo: { hasNextPage: true, endCursor: 'c1' } },
      { items: [item(1)], pageInfo: { hasNextPage: false, endCursor: null } },
    ]
    const client = createGraphqlClient('http://indexer.test/graphql', (async (
      _url: string,
      init: RequestInit,
    ) => {
      bodies.push({ method: String(init.method), body: JSON.parse(String(init.body)) })
      return new Response(JSON.stringify({ data: { datasets: pages[bodies.length - 1] } }), {
        headers: { 'content-type': 'application/json' },
      })
    }) as typeof fetch)
    const list = await fetchDatasetsFromIndexer(client)
    expect(bodies.map((b) => [b.method, b.body.variables])).toEqual([
      ['POST', { after: null }],
      ['POST', { after: 'c1' }],
    ])
    expect(list.map((d) => d.root)).toEqual([h(2), h(1)])
    expect(list[0]).toEqual({
      root: h(2),
      owner: h(7, 20),
      manifestHash: h(102),
      active: true,
      policyVersion: 2,
      registeredBlock: 12n,
      policy: {
        royaltyPerEpoch: 10n ** 15n,
        maxEpochsPerJob: 5,
        maxActiveJobsPerRequester: 2,
        sessionTtl: 7200,
        expiry: 0,
        allowedPurposes: 5,
        attestationPolicy: h(0),
      },
    })
  })

  test('error: malformed answer', async () => {
    const client = createGraphqlClient(
      'http://indexer.test/graphql',
      (async () =>
        new Response(JSON.stringify({ data: { datasets: { items: [{ id: 'x' }], pageInfo: {} } } }), {
          headers: { 'content-type': 'application/json' },
        })) as typeof fetch,
    )
    await expect(fetchDatasetsFromIndexer(client)).rejects.toMatchObject({ code: 'INDEXER_INVALID' })
  })

  test('error: unreachable', async () => {
    const client = createGraphqlClient('http://indexer.test/graphql', (async () => {
      throw new TypeError('fetch failed')
    }) as typeof fetch)
    await expect(fetchDatasetsFromIndexer(client)).rejects.toMatchObject({ code: 'INDEXER_UNREACHABLE' })
  })
})
