import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { fetchProviderJob } from './fetchProviderJob.js'

const hash = `0x${'ab'.repeat(32)}`
const signature = `0x${'cd'.repeat(65)}`
const answers: Record<string, { status: number; body: string }> = {
  '/v1/jobs/7': {
    status: 200,
    body: JSON.stringify({
      jobId: '7',
      signer: `0x${'11'.repeat(20)}`,
      status: { state: 'Training', epoch: 2, step: 5, totalSteps: 30, loss: 1.25 },
      receipts: [
        {
          receipt: {
            jobId: '7',
            epoch: 1,
            samples: '40',
            lossMicro: '2100000',
            adapterHash: hash,
            prevReceipt: `0x${'00'.repeat(32)}`,
          },
          signature,
        },
      ],
    }),
  },
  '/v1/jobs/8': {
    status: 200,
    body: JSON.stringify({ jobId: '8', status: { state: 'Sleeping' }, receipts: [] }),
  },
  '/v1/jobs/9': {
    status: 200,
    body: JSON.stringify({ jobId: '10', status: { state: 'Init' }, receipts: [] }),
  },
  '/v1/jobs/10': { status: 200, body: 'not json' },
  '/v1/jobs/11': { status: 200, body: JSON.stringify({ jobId: '11', pad: 'x'.repeat(600 * 1024) }) },
  '/v1/jobs/12': { status: 503, body: '{}' },
}
let server: Server
let endpoint: string

beforeAll(async () => {
  server = createServer((req, res) => {
    const answer = answers[req.url ?? '']
    if (!answer) return void res.writeHead(404).end('{"error":{"code":"JOB_NOT_FOUND"}}')
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('fetchProviderJob', () => {
  test('default: status and receipts with integers as bigints', async () => {
    expect(await fetchProviderJob({ endpoint, jobId: 7n })).toEqual({
      jobId: 7n,
      status: { state: 'Training', epoch: 2, step: 5, totalSteps: 30, loss: 1.25 },
      receipts: [
        {
          receipt: {
            jobId: 7n,
            epoch: 1,
            samples: 40n,
            lossMicro: 2_100_000n,
            adapterHash: hash,
            prevReceipt: `0x${'00'.repeat(32)}`,
          },
          signature,
        },
      ],
      failure: undefined,
    })
  })

  test.each([
    [8n, 'PROVIDER_BAD_RESPONSE', 'The provider node answered out of the API shape.'],
    [9n, 'PROVIDER_BAD_RESPONSE', 'The provider node answered out of the API shape.'],
    [10n, 'PROVIDER_BAD_RESPONSE', 'The provider node answered with invalid JSON.'],
    [11n, 'PROVIDER_BAD_RESPONSE', 'The provider node answer is too large.'],
    [12n, 'PROVIDER_BAD_RESPONSE', 'The provider node refused the status request.'],
    [13n, 'PROVIDER_JOB_NOT_FOUND', 'The provider node does not know this job.'],
  ])('error: job %s', async (jobId, code, shortMessage) => {
    await expect(fetchProviderJob({ endpoint, jobId })).rejects.toMatchObject({ code, shortMessage })
  })

  test('error: unreachable', async () => {
    await expect(fetchProviderJob({ endpoint: 'http://127.0.0.1:9', jobId: 1n })).rejects.toMatchObject({
      code: 'PROVIDER_UNREACHABLE',
    })
  })
})
