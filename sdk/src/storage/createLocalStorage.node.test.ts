import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { randomBytes } from '../zgRoot/testing/randomBytes.js'
import { zgRoot } from '../zgRoot/zgRoot.js'
import { createLocalStorage } from './createLocalStorage.js'

// A stand-in storage node with switchable misbehaviour; the real one (@licen/storage-node) has its own tests
// that run this client against it.
type Mode = 'honest' | 'tamper' | 'truncate' | 'wrong-root' | 'slow' | 'refuse'
let mode: Mode = 'honest'
const objects = new Map<string, Uint8Array>()
/** `method path authorization` of each request (the upload token goes with uploads only). */
const seen: string[] = []
let server: Server
let url: string

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const path = req.url ?? '/'
    seen.push(`${req.method} ${path.slice(0, 11)} ${req.headers.authorization ?? '-'}`)
    if (mode === 'slow') return // never answers
    if (req.method === 'POST' && path === '/v1/objects') {
      const parts: Buffer[] = []
      for await (const part of req) parts.push(part as Buffer)
      const body = new Uint8Array(Buffer.concat(parts))
      if (mode === 'refuse') {
        res.writeHead(507, { 'content-type': 'application/json' })
        return res.end(JSON.stringify({ code: 'STORAGE_FULL', message: 'no space' }))
      }
      const { root, size } = await zgRoot(body)
      objects.set(root, body)
      res.writeHead(201, { 'content-type': 'application/json' })
      return res.end(JSON.stringify({ root: mode === 'wrong-root' ? `0x${'ab'.repeat(32)}` : root, size }))
    }
    const root = path.slice('/v1/objects/'.length)
    const body = objects.get(root)
    if (!body) {
      res.writeHead(404, { 'content-type': 'application/json' })
      return res.end(JSON.stringify({ code: 'STORAGE_NOT_FOUND', message: 'not found' }))
    }
    res.writeHead(200, { 'content-length': String(body.length) })
    if (req.method === 'HEAD') return res.end()
    const sent = body.slice()
    if (mode === 'tamper') sent[sent.length >> 1]! ^= 0x80
    if (mode === 'truncate') {
      // Headers and most bytes go out, then the connection drops.
      return res.write(sent.subarray(0, sent.length - 10), () => setTimeout(() => res.destroy(), 20))
    }
    res.end(sent)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const read = async (stream: ReadableStream<Uint8Array>) =>
  new Uint8Array(await new Response(stream).arrayBuffer())

describe('createLocalStorage', () => {
  test('default: upload, has, download round trip with progress', async () => {
    mode = 'honest'
    const storage = createLocalStorage({ url })
    const data = randomBytes(3 * 1024 * 1024 + 5, 1)
    const progress: number[] = []
    const result = await storage.upload(data, { onProgress: (p) => progress.push(p.bytes) })
    expect(result).toEqual(await zgRoot(data))
    expect(progress.at(-1)).toBe(data.length)
    expect(await storage.has(result.root)).toBe(true)
    expect(await storage.has(`0x${'00'.repeat(32)}`)).toBe(false)
    const back = await read(
      await storage.download(result.root.toUpperCase().replace('0X', '0x') as `0x${string}`),
    )
    // Buffer.compare: toEqual on megabytes of bytes is very slow.
    expect(Buffer.compare(back, data)).toBe(0)
  })

  test('args: uploadToken goes with uploads as a Bearer token, never with reads (#17 item 2)', async () => {
    mode = 'honest'
    seen.length = 0
    const storage = createLocalStorage({ url, uploadToken: 'a-test-token-0123456789' })
    const { root } = await storage.upload(randomBytes(100, 9))
    await storage.has(root)
    await read(await storage.download(root))
    for (const streamingUploads of [false, true])
      await createLocalStorage({ url, streamingUploads }).upload(randomBytes(10, 9))
    expect(seen).toEqual([
      'POST /v1/objects Bearer a-test-token-0123456789',
      'HEAD /v1/objects -',
      'GET /v1/objects -',
      'POST /v1/objects -',
      'POST /v1/objects -',
    ])
  })

  test('args: Blob and stream sources, non-streaming uploads', async () => {
    mode = 'honest'
    const data = randomBytes(70_000, 2)
    const expected = await zgRoot(data)
    expect(await createLocalStorage({ url }).upload(new Blob([data]))).toEqual(expected)
    expect(
      await createLocalStorage({ url, streamingUploads: false }).upload(new Blob([data]).stream()),
    ).toEqual(expected)
  })

  test('error: a tampered or truncated download errors the stream', async () => {
    mode = 'honest'
    const storage = createLocalStorage({ url })
    const { root } = await storage.upload(randomBytes(600_000, 3))
    mode = 'tamper'
    await expect(read(await storage.download(root))).rejects.toMatchObject({ code: 'STORAGE_ROOT_MISMATCH' })
    mode = 'truncate'
    await expect(read(await storage.download(root))).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' })
  })

  test('error: the node names another root, refuses, times out, or lacks the object', async () => {
    const data = randomBytes(1000, 4)
    mode = 'wrong-root'
    await expect(createLocalStorage({ url }).upload(data)).rejects.toMatchObject({
      code: 'STORAGE_ROOT_MISMATCH',
    })
    mode = 'refuse'
    await expect(createLocalStorage({ url }).upload(data)).rejects.toMatchObject({
      code: 'STORAGE_BAD_RESPONSE',
      details: 'HTTP 507 STORAGE_FULL',
    })
    mode = 'slow'
    await expect(
      createLocalStorage({ url, timeoutMs: 200 }).has(`0x${'11'.repeat(32)}`),
    ).rejects.toMatchObject({
      code: 'STORAGE_TIMEOUT',
    })
    mode = 'honest'
    await expect(createLocalStorage({ url }).download(`0x${'22'.repeat(32)}`)).rejects.toMatchObject({
      code: 'STORAGE_NOT_FOUND',
    })
  })

  test('error: invalid roots, empty and oversized uploads, unreachable node, abort', async () => {
    mode = 'honest'
    const storage = createLocalStorage({ url, maxBytes: 1000 })
    await expect(storage.download('0x1234')).rejects.toMatchObject({ code: 'STORAGE_INVALID_ROOT' })
    await expect(storage.upload(new Uint8Array(0))).rejects.toMatchObject({ code: 'STORAGE_EMPTY' })
    await expect(storage.upload(new Uint8Array(1001))).rejects.toMatchObject({ code: 'STORAGE_TOO_LARGE' })
    await expect(
      createLocalStorage({ url: 'http://127.0.0.1:1' }).has(`0x${'33'.repeat(32)}`),
    ).rejects.toMatchObject({
      code: 'STORAGE_UNAVAILABLE',
    })
    const controller = new AbortController()
    controller.abort()
    await expect(storage.has(`0x${'44'.repeat(32)}`, { signal: controller.signal })).rejects.toMatchObject({
      code: 'STORAGE_ABORTED',
    })
  })
})
