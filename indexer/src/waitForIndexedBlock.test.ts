import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { serve } from '../test/httpServer.js'
import { indexedBlock, waitForIndexedBlock } from './waitForIndexedBlock.js'

let server: Awaited<ReturnType<typeof serve>>
let block = 5
let requests = 0

beforeAll(async () => {
  server = await serve((request, response) => {
    if (request.url !== '/status') {
      response.statusCode = 404
      response.end()
      return
    }
    requests++
    // The indexer advances one block per status request.
    response.end(JSON.stringify({ licen: { id: 31337, block: { number: block++, timestamp: 1 } } }))
  })
})

afterAll(async () => {
  await server.close()
})

describe('waitForIndexedBlock', () => {
  test('default: resolves once /status reaches the block', async () => {
    block = 5
    requests = 0
    expect(await waitForIndexedBlock({ url: server.url, blockNumber: 8n, intervalMs: 1 })).toBe(8n)
    expect(requests).toBe(4)
  })

  test('error: fails with WAIT_TIMEOUT when the block is not reached in time', async () => {
    block = 0
    await expect(
      waitForIndexedBlock({ url: server.url, blockNumber: 1_000_000n, timeoutMs: 100, intervalMs: 10 }),
    ).rejects.toMatchObject({ code: 'WAIT_TIMEOUT', shortMessage: 'Indexer did not reach the block in time' })
  })
})

describe('indexedBlock', () => {
  test('behavior: undefined when the indexer is unreachable or answers something else', async () => {
    expect(await indexedBlock('http://127.0.0.1:1')).toBeUndefined()
    expect(await indexedBlock(`${server.url}/elsewhere`)).toBeUndefined()
  })
})
