import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { createTeeClient } from './createTeeClient.js'

type Routes = Record<string, (body: Record<string, string>) => unknown>
let server: Server | undefined

/** A minimal guest-agent double speaking the JSON-over-HTTP shape DstackClient uses. */
async function agent(routes: Routes): Promise<string> {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => {
      body += c
    })
    req.on('end', () => {
      const route = routes[req.url ?? '']
      const out = route ? route(body ? JSON.parse(body) : {}) : { error: 'unsupported' }
      res.writeHead(route ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(out))
    })
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

afterEach(async () => {
  const open = server
  server = undefined
  if (open) await new Promise((resolve) => open.close(resolve))
})

const composeHash = 'ab'.repeat(32)
const info = {
  app_id: 'cd'.repeat(20),
  instance_id: 'ef'.repeat(20),
  app_name: 'licen-provider',
  compose_hash: composeHash,
  key_provider_info: '{}',
  tcb_info: JSON.stringify({ os_image_hash: '12'.repeat(32), event_log: [] }),
}
const reportData = new Uint8Array(64).map((_, i) => i)
const reportHex = Buffer.from(reportData).toString('hex')

describe('createTeeClient.info', () => {
  test('default', async () => {
    const tee = createTeeClient({ endpoint: await agent({ '/Info': () => info }) })
    expect(await tee.info()).toEqual({
      appId: 'cd'.repeat(20),
      instanceId: 'ef'.repeat(20),
      appName: 'licen-provider',
      composeHash: `0x${composeHash}`,
      osImageHash: `0x${'12'.repeat(32)}`,
    })
  })

  test('error: malformed compose hash', async () => {
    const tee = createTeeClient({
      endpoint: await agent({ '/Info': () => ({ ...info, compose_hash: 'zz' }) }),
    })
    await expect(tee.info()).rejects.toMatchObject({ code: 'TEE_BAD_RESPONSE' })
  })

  test('error: agent unreachable', async () => {
    const tee = createTeeClient({ endpoint: 'http://127.0.0.1:1' })
    await expect(tee.info()).rejects.toMatchObject({ code: 'TEE_UNAVAILABLE' })
  })

  test('error: socket path that does not exist', async () => {
    const tee = createTeeClient({ endpoint: '/nonexistent/dstack.sock' })
    await expect(tee.info()).rejects.toMatchObject({ code: 'TEE_UNAVAILABLE' })
  })
})

describe('createTeeClient.getQuote', () => {
  test('default', async () => {
    let asked = ''
    const tee = createTeeClient({
      endpoint: await agent({
        '/GetQuote': (body) => {
          asked = body.report_data ?? ''
          return { quote: 'AABB', event_log: '[{"imr":3}]', report_data: reportHex }
        },
      }),
    })
    expect(await tee.getQuote(reportData)).toEqual({ quote: '0xaabb', eventLog: '[{"imr":3}]' })
    expect(asked).toBe(reportHex)
  })

  test('error: args: report data of 32 bytes', async () => {
    const tee = createTeeClient({ endpoint: 'http://127.0.0.1:1' })
    await expect(tee.getQuote(new Uint8Array(32))).rejects.toMatchObject({ code: 'TEE_INVALID_ARGUMENT' })
  })

  test('error: agent reports an error', async () => {
    const tee = createTeeClient({ endpoint: await agent({ '/GetQuote': () => ({ error: 'no TDX' }) }) })
    await expect(tee.getQuote(reportData)).rejects.toMatchObject({ code: 'TEE_UNAVAILABLE' })
  })

  test('error: quote over other report data', async () => {
    const tee = createTeeClient({
      endpoint: await agent({
        '/GetQuote': () => ({ quote: 'aa', event_log: '[]', report_data: '00'.repeat(64) }),
      }),
    })
    await expect(tee.getQuote(reportData)).rejects.toMatchObject({ code: 'TEE_BAD_RESPONSE' })
  })

  test.each([
    ['oversized quote', { quote: 'a'.repeat(2 * 65_536 + 2), event_log: '[]' }],
    ['non-hex quote', { quote: 'xyz', event_log: '[]' }],
    ['event log not an array', { quote: 'aa', event_log: '{}' }],
    ['event log not JSON', { quote: 'aa', event_log: '[' }],
  ])('error: %s', async (_, answer) => {
    const tee = createTeeClient({ endpoint: await agent({ '/GetQuote': () => answer }) })
    await expect(tee.getQuote(reportData)).rejects.toMatchObject({ code: 'TEE_BAD_RESPONSE' })
  })
})
