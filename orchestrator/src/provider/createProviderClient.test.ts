import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { createReplayGuard, verifyProviderRequest } from '@licen/sdk'
import { Hono } from 'hono'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createProviderClient } from './createProviderClient.js'

const account = privateKeyToAccount(`0x${'59'.repeat(32)}`)
const hex = (bytes: number, byte = 'ab') => `0x${byte.repeat(bytes)}` as const
const attestAnswer = {
  quote: hex(600),
  eventLog: '[]',
  encPubKey: `0x02${'cd'.repeat(32)}`,
  signer: account.address,
  reportData: hex(64),
}
const failure = { code: 'QUEUE_FULL', reason: hex(32, '51'), signature: hex(65, '1b') }
let url: string
let close: () => void
const verified: string[] = []

beforeAll(async () => {
  const replayGuard = createReplayGuard()
  const app = new Hono()
  app.post('/prefix/v1/jobs/:jobId/:action', async (c) => {
    const body = new Uint8Array(await c.req.arrayBuffer())
    const who = await verifyProviderRequest({
      method: 'POST',
      path: new URL(c.req.url).pathname,
      body,
      headers: c.req.raw.headers,
      isOrchestrator: async (address) => address === account.address,
      replayGuard,
    }).catch((e: { code: string }) => e.code)
    verified.push(`${c.req.param('action')} ${c.req.param('jobId')} ${who}`)
    const jobId = c.req.param('jobId')
    if (c.req.param('action') === 'attest') {
      if (jobId === '2') return c.json({ ...attestAnswer, quote: 'not hex' })
      if (jobId === '3') return c.json({ error: { code: 'JOB_NOT_GRANTED', message: 'no' } }, 409)
      if (jobId === '4') return c.body('x'.repeat(5 * 1024 * 1024), 200)
      if (jobId === '5') return new Promise(() => {})
      return c.json(attestAnswer)
    }
    if (jobId === '1') return c.json({ jobId: '1', status: { state: 'SettingUp' } }, 202)
    if (jobId === '2') return c.json({ error: { code: 'JOB_ALREADY_STARTED', message: 'x' } }, 409)
    if (jobId === '3') return c.json({ error: { code: 'QUEUE_FULL' }, failure, job: {} }, 422)
    return c.json({ error: { code: 'JOB_NOT_ATTESTED', message: 'x' } }, 409)
  })
  app.get('/prefix/v1/jobs/:jobId', (c) =>
    c.json({
      jobId: c.req.param('jobId'),
      signer: account.address,
      encPubKey: hex(33, '02'),
      status: { state: 'Failed', code: 'QUEUE_FULL' },
      failure,
      receipts: [],
    }),
  )
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => server.once('listening', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prefix/`
  close = () => {
    server.close()
    ;(server as unknown as { closeAllConnections: () => void }).closeAllConnections()
  }
})

afterAll(() => close?.())

const client = () => createProviderClient({ account, timeoutMs: 1_000, allowPrivateEndpoints: true })
const body = { nonce: hex(32), chainId: 31337, dataPolicy: hex(20, '11') }
const startBody = {
  sealedKey: hex(200),
  spec: { datasetRoot: hex(32), epochs: 1, resultPubKey: `0x02${'cd'.repeat(32)}` as const },
}

describe('createProviderClient', () => {
  test('default: signed POSTs under the endpoint path, validated answers', async () => {
    expect(await client().attest(url, 1n, body)).toEqual(attestAnswer)
    expect(await client().start(url, 1n, startBody)).toEqual({ kind: 'accepted', already: false })
    expect(verified.slice(-2)).toEqual([`attest 1 ${account.address}`, `start 1 ${account.address}`])
    expect(await client().status(url, 9n)).toMatchObject({ jobId: 9n, status: { state: 'Failed' }, failure })
  })

  test('behavior: start outcomes', async () => {
    expect(await client().start(url, 2n, startBody)).toEqual({ kind: 'accepted', already: true })
    expect(await client().start(url, 3n, startBody)).toEqual({ kind: 'failed', failure })
    await expect(client().start(url, 4n, startBody)).rejects.toMatchObject({
      code: 'PROVIDER_REFUSED',
      providerCode: 'JOB_NOT_ATTESTED',
      details: '/prefix/v1/jobs/4/start: HTTP 409 JOB_NOT_ATTESTED',
    })
  })

  test.each([
    [2n, { code: 'PROVIDER_BAD_RESPONSE', shortMessage: 'The provider answered outside the API schema.' }],
    [3n, { code: 'PROVIDER_REFUSED', providerCode: 'JOB_NOT_GRANTED' }],
    [4n, { code: 'PROVIDER_BAD_RESPONSE', details: '/prefix/v1/jobs/4/attest: too large' }],
    [5n, { code: 'PROVIDER_UNREACHABLE', details: 'POST /prefix/v1/jobs/5/attest: timeout' }],
  ])('error: attest job %s', async (jobId, expected) => {
    await expect(client().attest(url, jobId, body)).rejects.toMatchObject(expected)
  })

  test.each([
    ['http://127.0.0.1:9/', 'PROVIDER_UNREACHABLE'],
    ['file:///etc/passwd', 'PROVIDER_UNREACHABLE'],
    ['not a url', 'PROVIDER_UNREACHABLE'],
  ])('error: endpoint %s', async (endpoint, code) => {
    await expect(client().status(endpoint, 1n)).rejects.toMatchObject({ code })
  })

  test('error: outside the devnet a loopback endpoint is refused before any request', async () => {
    const calls: string[] = []
    const publicOnly = createProviderClient({
      account,
      timeoutMs: 1_000,
      allowPrivateEndpoints: false,
      fetch: async (input) => {
        calls.push(String(input))
        return new Response('{}')
      },
    })
    await expect(publicOnly.attest(url, 1n, body)).rejects.toMatchObject({
      code: 'PROVIDER_ENDPOINT_NOT_PUBLIC',
      details: '127.0.0.1',
    })
    await expect(publicOnly.status('http://[::1]:8080/', 1n)).rejects.toMatchObject({
      code: 'PROVIDER_ENDPOINT_NOT_PUBLIC',
      details: '::1',
    })
    expect(calls).toEqual([])
  })
})
