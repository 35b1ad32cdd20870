import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { serve } from '../test/httpServer.js'
import { graphqlRequest } from './graphqlRequest.js'

let server: Awaited<ReturnType<typeof serve>>
const received: unknown[] = []
const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => void> = {
  '/ok': (_, response) => response.end(JSON.stringify({ data: { jobs: { totalCount: 3 } } })),
  '/http-error': (_, response) => {
    response.statusCode = 502
    response.end('bad gateway')
  },
  '/graphql-error': (_, response) =>
    response.end(
      JSON.stringify({
        data: null,
        errors: [{ message: 'Cannot query field "nope"' }, { message: 'second' }],
      }),
    ),
  '/not-json': (_, response) => response.end('<html>'),
  '/no-data': (_, response) => response.end(JSON.stringify({ data: null })),
  '/declared-large': (_, response) => {
    response.setHeader('content-length', String(2_000))
    response.end('x'.repeat(2_000))
  },
  '/streamed-large': (_, response) => {
    for (let i = 0; i < 10; i++) response.write('x'.repeat(300))
    response.end()
  },
  '/slow': () => {},
}

beforeAll(async () => {
  server = await serve((request, response) => {
    let body = ''
    request.on('data', (chunk) => {
      body += chunk
    })
    request.on('end', () => {
      received.push({ method: request.method, type: request.headers['content-type'], body: JSON.parse(body) })
      routes[request.url!]!(request, response)
    })
  })
})

afterAll(async () => {
  await server.close()
})

describe('graphqlRequest', () => {
  test('default: POSTs the query and variables and returns data', async () => {
    received.length = 0
    const data = await graphqlRequest<{ jobs: { totalCount: number } }>({
      url: `${server.url}/ok`,
      query: 'query ($s: JobState) { jobs(where: { state: $s }) { totalCount } }',
      variables: { s: 'Granted' },
    })
    expect(data).toEqual({ jobs: { totalCount: 3 } })
    expect(received).toEqual([
      {
        method: 'POST',
        type: 'application/json',
        body: {
          query: 'query ($s: JobState) { jobs(where: { state: $s }) { totalCount } }',
          variables: { s: 'Granted' },
        },
      },
    ])
  })

  test('error: a non-200 status fails with GRAPHQL_HTTP_ERROR', async () => {
    await expect(graphqlRequest({ url: `${server.url}/http-error`, query: '{ a }' })).rejects.toMatchObject({
      code: 'GRAPHQL_HTTP_ERROR',
      details: 'status 502',
    })
  })

  test('error: GraphQL errors fail with GRAPHQL_ERROR listing the messages', async () => {
    await expect(
      graphqlRequest({ url: `${server.url}/graphql-error`, query: '{ a }' }),
    ).rejects.toMatchObject({
      code: 'GRAPHQL_ERROR',
      details: 'Cannot query field "nope"; second',
    })
  })

  test('error: an answer that is not JSON or has no data fails with GRAPHQL_INVALID_RESPONSE', async () => {
    await expect(graphqlRequest({ url: `${server.url}/not-json`, query: '{ a }' })).rejects.toMatchObject({
      code: 'GRAPHQL_INVALID_RESPONSE',
      shortMessage: 'Indexer answer is not JSON',
    })
    await expect(graphqlRequest({ url: `${server.url}/no-data`, query: '{ a }' })).rejects.toMatchObject({
      code: 'GRAPHQL_INVALID_RESPONSE',
      shortMessage: 'Indexer answer has no data',
    })
  })

  test('error: answers over the byte limit fail with GRAPHQL_RESPONSE_TOO_LARGE, declared or streamed', async () => {
    for (const path of ['/declared-large', '/streamed-large']) {
      await expect(
        graphqlRequest({ url: `${server.url}${path}`, query: '{ a }', maxResponseBytes: 1_000 }),
      ).rejects.toMatchObject({ code: 'GRAPHQL_RESPONSE_TOO_LARGE', details: 'more than 1000 bytes' })
    }
  })

  test('error: no answer in time fails with GRAPHQL_TIMEOUT', async () => {
    await expect(
      graphqlRequest({ url: `${server.url}/slow`, query: '{ a }', timeoutMs: 200 }),
    ).rejects.toMatchObject({
      code: 'GRAPHQL_TIMEOUT',
      details: 'no answer within 200 ms',
    })
  })

  test('error: an unreachable indexer fails with GRAPHQL_HTTP_ERROR', async () => {
    await expect(graphqlRequest({ url: 'http://127.0.0.1:1/graphql', query: '{ a }' })).rejects.toMatchObject(
      {
        code: 'GRAPHQL_HTTP_ERROR',
        shortMessage: 'Indexer is unreachable',
      },
    )
  })
})
