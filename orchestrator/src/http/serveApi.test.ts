import type { Server } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { Hono } from 'hono'
import { afterEach, describe, expect, test } from 'vitest'
import { serveApi } from './serveApi.js'

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

const app = new Hono()
  .get('/health', (c) => c.json({ ok: true }))
  .post('/echo', async (c) => c.text(await c.req.text()))

/** Writes `head` on a raw connection; resolves with the first answer line and how long the socket stayed open. */
function raw(server: Server, head: string): Promise<{ status: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now()
    let text = ''
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1', () => socket.write(head))
    socket.on('data', (data) => {
      text += data.toString()
    })
    socket.on('error', () => {})
    socket.on('close', () => resolve({ status: text.split('\r\n', 1)[0] ?? '', ms: Date.now() - started }))
  })
}

describe('serveApi', () => {
  test('default: serves the app with the hardened limits', async () => {
    const server = await serveApi(app, { host: '127.0.0.1', port: 0 })
    servers.push(server)
    const { port } = server.address() as AddressInfo
    expect(await (await fetch(`http://127.0.0.1:${port}/health`)).json()).toEqual({ ok: true })
    expect([server.headersTimeout, server.requestTimeout, server.keepAliveTimeout, server.timeout]).toEqual([
      10_000, 30_000, 5_000, 60_000,
    ])
  })

  test('error: headers that never finish get 408 and the socket closes (#17 item 1)', async () => {
    const server = await serveApi(app, { host: '127.0.0.1', port: 0, limits: { headersTimeoutMs: 200 } })
    servers.push(server)
    const { status, ms } = await raw(server, 'GET /health HTTP/1.1\r\nHost: a\r\n')
    expect(status).toBe('HTTP/1.1 408 Request Timeout')
    expect(ms).toBeLessThan(2_000)
  })

  test('error: a body that never arrives ends with the request timeout (#17 item 1)', async () => {
    const server = await serveApi(app, {
      host: '127.0.0.1',
      port: 0,
      limits: { headersTimeoutMs: 200, requestTimeoutMs: 300 },
    })
    servers.push(server)
    const { status, ms } = await raw(
      server,
      'POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\nabc',
    )
    expect(status).toBe('HTTP/1.1 408 Request Timeout')
    expect(ms).toBeLessThan(2_000)
  })

  test('error: a taken port rejects', async () => {
    const server = await serveApi(app, { host: '127.0.0.1', port: 0 })
    servers.push(server)
    const { port } = server.address() as AddressInfo
    await expect(serveApi(app, { host: '127.0.0.1', port })).rejects.toMatchObject({ code: 'EADDRINUSE' })
  })
})
