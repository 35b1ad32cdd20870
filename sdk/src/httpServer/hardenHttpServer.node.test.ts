import { createServer, type Server } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { DEFAULT_HTTP_SERVER_LIMITS, hardenHttpServer } from './hardenHttpServer.js'
import { readBodyWithMinRate } from './readBodyWithMinRate.js'
import { serveHardened } from './serveHardened.js'

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

async function listen(server: Server): Promise<number> {
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

/** Opens a raw connection, writes `parts` (strings; numbers are pauses in ms) and resolves with what came back
 * and how long the socket stayed open. */
function raw(port: number, parts: (string | number)[]): Promise<{ text: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now()
    const socket = connect(port, '127.0.0.1')
    let text = ''
    socket.on('data', (data) => {
      text += data.toString()
    })
    socket.on('error', () => {})
    socket.on('close', () => resolve({ text, ms: Date.now() - started }))
    socket.on('connect', async () => {
      for (const part of parts) {
        if (socket.destroyed) return
        if (typeof part === 'number') await new Promise((r) => setTimeout(r, part))
        else socket.write(part)
      }
    })
  })
}

describe('hardenHttpServer', () => {
  test('default: the documented limits, applied to the server', () => {
    const server = hardenHttpServer(createServer())
    expect(DEFAULT_HTTP_SERVER_LIMITS).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      idleTimeoutMs: 60_000,
    })
    expect([
      server.headersTimeout,
      server.requestTimeout,
      server.keepAliveTimeout,
      server.timeout,
      (server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval,
    ]).toEqual([10_000, 30_000, 5_000, 60_000, 2_500])
  })

  test('error: headers that do not arrive in time get 408 and a closed socket', async () => {
    const server = hardenHttpServer(
      createServer((_req, res) => res.end('ok')),
      { headersTimeoutMs: 200, requestTimeoutMs: 0 },
    )
    const port = await listen(server)
    const { text, ms } = await raw(port, ['POST /x HTTP/1.1\r\nHost: a\r\n'])
    expect(text.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout')
    expect(ms).toBeLessThan(2_000)
  })

  test('error: a socket that stays idle is destroyed', async () => {
    // The handler never answers and never reads: only the idle timeout ends the connection.
    const server = hardenHttpServer(createServer(), {
      headersTimeoutMs: 5_000,
      requestTimeoutMs: 0,
      idleTimeoutMs: 200,
    })
    const port = await listen(server)
    const { text, ms } = await raw(port, ['POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n'])
    expect(text).toBe('')
    expect(ms).toBeLessThan(2_000)
  })

  test('error: limits that cannot work are refused', () => {
    expect(() => hardenHttpServer(createServer(), { headersTimeoutMs: 0 })).toThrow(RangeError)
    expect(() => hardenHttpServer(createServer(), { headersTimeoutMs: 500, requestTimeoutMs: 100 })).toThrow(
      'headersTimeoutMs must not exceed requestTimeoutMs',
    )
    expect(() => hardenHttpServer(createServer(), { idleTimeoutMs: -1 })).toThrow(RangeError)
  })
})

describe('readBodyWithMinRate', () => {
  const limits = { minBytesPerSecond: 1_000, windowMs: 200 } // 200 bytes per 200 ms window
  const start = async () => {
    const outcomes: string[] = []
    const server = createServer(async (req, res) => {
      let size = 0
      try {
        for await (const chunk of readBodyWithMinRate(req, limits, () => new Error('too slow')))
          size += chunk.length
        outcomes.push(`read ${size}`)
        res.end(`read ${size}`)
      } catch (error) {
        outcomes.push((error as Error).message)
        res.writeHead(408, { connection: 'close' }).end('too slow')
      }
    })
    hardenHttpServer(server, { requestTimeoutMs: 0 })
    return { port: await listen(server), outcomes }
  }
  const head = (length: number) =>
    `POST /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: ${length}\r\n\r\n`

  test('default: a body that ends, or flows fast enough, is read whole', async () => {
    const { port } = await start()
    expect((await raw(port, [head(3), 'abc'])).text).toMatch(/read 3$/)
    const steady = Array.from({ length: 6 }, () => ['x'.repeat(100), 60]).flat()
    const { text } = await raw(port, [head(600), ...steady])
    expect(text).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*read 600$/)
  })

  test('error: 3 bytes of a declared 1 MB fail within a window or two, answered 408', async () => {
    const { port, outcomes } = await start()
    const { text, ms } = await raw(port, [head(1_000_000), 'abc'])
    expect(text.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout')
    expect(outcomes).toEqual(['too slow'])
    expect(ms).toBeLessThan(1_500)
  })

  test('error: a trickle of one byte every 50 ms does not keep the body alive', async () => {
    const { port, outcomes } = await start()
    const trickle = Array.from({ length: 40 }, () => ['x', 50]).flat()
    const { text, ms } = await raw(port, [head(1_000), ...trickle])
    expect(text.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout')
    expect(outcomes).toEqual(['too slow'])
    expect(ms).toBeLessThan(1_500)
  })
})

describe('serveHardened', () => {
  const app = {
    fetch: async (request: Request) =>
      new URL(request.url).pathname === '/echo'
        ? new Response(await request.text())
        : Response.json({ ok: true }),
  }
  const serve = async (limits?: Parameters<typeof serveHardened>[1]['limits']) => {
    const server = await serveHardened(app, { host: '127.0.0.1', port: 0, limits })
    servers.push(server)
    return { server, port: (server.address() as AddressInfo).port }
  }

  test('default: serves the app with the hardened limits', async () => {
    const { server, port } = await serve()
    expect(await (await fetch(`http://127.0.0.1:${port}/health`)).json()).toEqual({ ok: true })
    expect([server.headersTimeout, server.requestTimeout, server.keepAliveTimeout, server.timeout]).toEqual([
      10_000, 30_000, 5_000, 60_000,
    ])
  })

  test('error: headers that never finish get 408 and the socket closes (#17 item 1)', async () => {
    const { port } = await serve({ headersTimeoutMs: 200 })
    const { text, ms } = await raw(port, ['GET /health HTTP/1.1\r\nHost: a\r\n'])
    expect(text.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout')
    expect(ms).toBeLessThan(2_000)
  })

  test('error: a body that never arrives ends with the request timeout (#17 item 1)', async () => {
    const { port } = await serve({ headersTimeoutMs: 200, requestTimeoutMs: 300 })
    const { text, ms } = await raw(port, [
      'POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\nabc',
    ])
    expect(text.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout')
    expect(ms).toBeLessThan(2_000)
  })

  test('error: a taken port rejects', async () => {
    const { port } = await serve()
    await expect(serveHardened(app, { host: '127.0.0.1', port })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    })
  })

  test('error: limits that cannot work throw before anything listens', async () => {
    await expect(
      serveHardened(app, {
        host: '127.0.0.1',
        port: 0,
        limits: { headersTimeoutMs: 500, requestTimeoutMs: 100 },
      }),
    ).rejects.toThrow('headersTimeoutMs must not exceed requestTimeoutMs')
  })
})
