import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLocalStorage, zgRoot } from '@licen/sdk'
import { afterEach, describe, expect, test } from 'vitest'
import {
  isLoopbackHost,
  type StartStorageNodeParameters,
  type StorageNode,
  startStorageNode,
} from './startStorageNode.js'

const dirs: string[] = []
const nodes: StorageNode[] = []
afterEach(async () => {
  for (const node of nodes.splice(0)) await node.close()
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function start(options: Partial<StartStorageNodeParameters> = {}) {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'licen-storage-')))
  if (!options.dataDir) dirs.push(dataDir)
  const node = await startStorageNode({ ...options, dataDir, port: 0 })
  nodes.push(node)
  return { node, dataDir }
}

/** Opens a raw connection to `node`, writes `parts` (strings; numbers are pauses in ms; 'END' destroys the
 * socket) and resolves with what came back and how long the socket stayed open. */
function raw(
  node: StorageNode,
  parts: (string | number)[],
): Promise<{ status: string; text: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now()
    const socket = connect(node.port, '127.0.0.1')
    let text = ''
    socket.on('data', (data) => {
      text += data.toString()
    })
    socket.on('error', () => {})
    socket.on('close', () =>
      resolve({ status: text.split('\r\n', 1)[0] ?? '', text, ms: Date.now() - started }),
    )
    socket.on('connect', async () => {
      for (const part of parts) {
        if (socket.destroyed) return
        if (part === 'END') socket.destroy()
        else if (typeof part === 'number') await new Promise((r) => setTimeout(r, part))
        else socket.write(part)
      }
    })
  })
}

const post = (length: number, headers = '') =>
  `POST /v1/objects HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: ${length}\r\n${headers}\r\n`
const codeOf = (text: string) =>
  (JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { code: string }).code

/** Polls until `check` holds (at most 2 s). */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    if (await check()) return true
    await new Promise((r) => setTimeout(r, 50))
  }
  return false
}

// Small limits so that slow clients fail in a fraction of a second.
const fast = {
  httpLimits: { headersTimeoutMs: 200, idleTimeoutMs: 1_000 },
  uploadRate: { minBytesPerSecond: 1_000, windowMs: 200 },
}

function bytes(length: number, seed: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length)
  let x = seed
  for (let i = 0; i < length; i++) {
    x = (x * 1_103_515_245 + 12_345) >>> 0
    out[i] = x >>> 24
  }
  return out
}

const read = async (stream: ReadableStream<Uint8Array>) =>
  new Uint8Array(await new Response(stream).arrayBuffer())

describe('startStorageNode', () => {
  test('default: stores under the 0G root, serves it back, survives a restart', async () => {
    const { node, dataDir } = await start()
    const data = bytes(1_000_003, 1)
    const expected = await zgRoot(data)
    const storage = createLocalStorage({ url: node.url })
    expect(await storage.upload(data)).toEqual(expected)
    expect(await readdir(join(dataDir, 'objects'))).toEqual([expected.root])
    expect(await readdir(join(dataDir, 'tmp'))).toEqual([])
    await node.close()
    nodes.pop()
    const again = await start({ dataDir })
    const restarted = createLocalStorage({ url: again.node.url })
    expect(await restarted.has(expected.root)).toBe(true)
    expect(Buffer.compare(await read(await restarted.download(expected.root)), data)).toBe(0)
  })

  test('behavior: raw HTTP contract (status codes, headers, CORS, idempotent upload)', async () => {
    const { node } = await start()
    const data = bytes(5000, 2)
    const { root } = await zgRoot(data)
    const first = await fetch(`${node.url}/v1/objects`, {
      method: 'POST',
      body: data,
      headers: { 'x-zg-root': root },
    })
    expect([first.status, await first.json()]).toEqual([201, { root, size: 5000 }])
    const second = await fetch(`${node.url}/v1/objects`, { method: 'POST', body: data })
    expect(second.status).toBe(200)
    const head = await fetch(`${node.url}/v1/objects/${root.toUpperCase().replace('0X', '0x')}`, {
      method: 'HEAD',
    })
    expect([head.status, head.headers.get('content-length'), head.headers.get('x-zg-root')]).toEqual([
      200,
      '5000',
      root,
    ])
    expect(head.headers.get('access-control-allow-origin')).toBe('*')
    const preflight = await fetch(`${node.url}/v1/objects`, { method: 'OPTIONS' })
    expect([preflight.status, preflight.headers.get('access-control-allow-methods')]).toEqual([
      204,
      'GET, HEAD, POST, OPTIONS',
    ])
    const health = await fetch(`${node.url}/health`)
    expect(await health.json()).toEqual({ ok: true, objects: 1 })
  })

  test('error: refused requests answer with stable codes', async () => {
    const { node } = await start({ maxBytes: 10_000 })
    const call = async (path: string, init?: RequestInit) => {
      const response = await fetch(`${node.url}${path}`, init)
      return [response.status, ((await response.json()) as { code: string }).code]
    }
    expect(await call('/v1/objects/0x1234')).toEqual([400, 'STORAGE_INVALID_ROOT'])
    expect(await call(`/v1/objects/0x${'ab'.repeat(32)}`)).toEqual([404, 'STORAGE_NOT_FOUND'])
    expect(await call('/v1/objects', { method: 'POST', body: new Uint8Array(0) })).toEqual([
      400,
      'STORAGE_EMPTY',
    ])
    expect(await call('/v1/objects', { method: 'POST', body: new Uint8Array(10_001) })).toEqual([
      413,
      'STORAGE_TOO_LARGE',
    ])
    expect(
      await call('/v1/objects', {
        method: 'POST',
        body: bytes(100, 3),
        headers: { 'x-zg-root': `0x${'00'.repeat(32)}` },
      }),
    ).toEqual([422, 'STORAGE_ROOT_MISMATCH'])
    expect(await call('/v1/objects', { method: 'PUT', body: bytes(100, 3) })).toEqual([
      405,
      'STORAGE_METHOD_NOT_ALLOWED',
    ])
    expect(await call('/nope')).toEqual([404, 'STORAGE_NOT_FOUND'])
    // Oversized streamed body without a Content-Length: refused while streaming.
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 50_000) return controller.close()
        sent += 5000
        controller.enqueue(new Uint8Array(5000))
      },
    })
    const streamed = await fetch(`${node.url}/v1/objects`, {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit).catch((error: Error) => error)
    if (streamed instanceof Response) expect(streamed.status).toBe(413)
    else expect(streamed.message).toBe('fetch failed')
  })

  test('error: a file corrupted on disk is never served whole', async () => {
    const { node, dataDir } = await start()
    const data = bytes(300_000, 4)
    const storage = createLocalStorage({ url: node.url })
    const { root } = await storage.upload(data)
    const corrupted = data.slice()
    corrupted[12_345]! ^= 1
    await writeFile(join(dataDir, 'objects', root), corrupted)
    // The node re-hashes while sending and drops the connection before the last bytes.
    const outcome = await fetch(`${node.url}/v1/objects/${root}`)
      .then((response) => response.arrayBuffer())
      .then(
        () => 'complete',
        () => 'failed',
      )
    expect(outcome).toBe('failed')
    await expect((async () => read(await storage.download(root)))()).rejects.toMatchObject({
      code: expect.stringMatching(/^STORAGE_(UNAVAILABLE|ROOT_MISMATCH)$/),
    })
  })

  test('error: headers that never finish get 408 and the socket closes (#17 item 1)', async () => {
    const { node } = await start(fast)
    const { status, ms } = await raw(node, ['POST /v1/objects HTTP/1.1\r\nHost: a\r\nContent-Len'])
    expect(status).toBe('HTTP/1.1 408 Request Timeout')
    expect(ms).toBeLessThan(2_000)
  })

  test('error: an upload of 3 bytes of a declared 1 MB is refused with 408 STORAGE_TIMEOUT, no .part file is left (#17 item 1)', async () => {
    const { node, dataDir } = await start(fast)
    let parts = 0
    const watcher = setInterval(
      async () => (parts = Math.max(parts, (await readdir(join(dataDir, 'tmp')).catch(() => [])).length)),
      20,
    )
    const { status, text, ms } = await raw(node, [post(1_000_000), 'abc', 100])
    clearInterval(watcher)
    expect([status, codeOf(text)]).toEqual(['HTTP/1.1 408 Request Timeout', 'STORAGE_TIMEOUT'])
    expect(ms).toBeLessThan(2_000)
    expect(parts).toBe(1) // the upload did hold a .part file …
    expect(await readdir(join(dataDir, 'tmp'))).toEqual([]) // … and it is gone
  })

  test('error: a trickle of one byte every 50 ms does not keep an upload alive (#17 item 1)', async () => {
    const { node, dataDir } = await start(fast)
    const trickle = Array.from({ length: 60 }, () => ['x', 50]).flat()
    const { status, text, ms } = await raw(node, [post(1_000_000), ...trickle])
    expect([status, codeOf(text)]).toEqual(['HTTP/1.1 408 Request Timeout', 'STORAGE_TIMEOUT'])
    expect(ms).toBeLessThan(2_000)
    expect(await readdir(join(dataDir, 'tmp'))).toEqual([])
  })

  test('error: a client that drops mid-upload leaves no .part file (#17 item 1)', async () => {
    const { node, dataDir } = await start(fast)
    await raw(node, [post(1_000_000), 'x'.repeat(5_000), 50, 'END'])
    expect(await eventually(async () => (await readdir(join(dataDir, 'tmp'))).length === 0)).toBe(true)
  })

  test('error: uploads past maxConcurrentUploads get 503 STORAGE_BUSY; the slot frees when one ends (#17 item 1)', async () => {
    const { node } = await start({ ...fast, maxConcurrentUploads: 1 })
    // Holds the only slot (enough bytes per window) until it is dropped.
    const steady = Array.from({ length: 8 }, () => ['x'.repeat(300), 100]).flat()
    const holder = raw(node, [post(1_000_000), ...steady, 'END'])
    await new Promise((r) => setTimeout(r, 150))
    const busy = await fetch(`${node.url}/v1/objects`, { method: 'POST', body: bytes(10, 5) })
    expect([
      busy.status,
      busy.headers.get('retry-after'),
      ((await busy.json()) as { code: string }).code,
    ]).toEqual([503, '1', 'STORAGE_BUSY'])
    await expect(createLocalStorage({ url: node.url }).upload(bytes(10, 5))).rejects.toMatchObject({
      code: 'STORAGE_BUSY',
    })
    await holder
    await new Promise((r) => setTimeout(r, 50))
    const after = await fetch(`${node.url}/v1/objects`, { method: 'POST', body: bytes(10, 5) })
    expect(after.status).toBe(201)
  })

  test('default: a steady upload above the minimum rate is stored (#17 item 1)', async () => {
    const { node } = await start(fast)
    const body = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(100).slice(0, 2_400)
    const { root } = await zgRoot(new TextEncoder().encode(body))
    const pieces = Array.from({ length: 8 }, (_, i) => [body.slice(i * 300, (i + 1) * 300), 100]).flat()
    const { status, text } = await raw(node, [post(2_400), ...pieces])
    expect(status).toBe('HTTP/1.1 201 Created')
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toEqual({ root, size: 2_400 })
  })
})

describe('startStorageNode quota and upload token (#17 item 2)', () => {
  test('error: an object over maxBytes is 413 STORAGE_TOO_LARGE, over the total quota 413 STORAGE_QUOTA_EXCEEDED; the client says which', async () => {
    const { node, dataDir } = await start({ maxBytes: 7_000, maxTotalBytes: 12_000 })
    const storage = createLocalStorage({ url: node.url })
    await storage.upload(bytes(6_000, 7))
    await expect(storage.upload(bytes(7_001, 8))).rejects.toMatchObject({ code: 'STORAGE_TOO_LARGE' })
    const full = await fetch(`${node.url}/v1/objects`, { method: 'POST', body: bytes(7_001 - 1, 9) })
    expect([full.status, ((await full.json()) as { code: string }).code]).toEqual([
      413,
      'STORAGE_QUOTA_EXCEEDED',
    ])
    await expect(storage.upload(bytes(7_000, 9))).rejects.toMatchObject({
      code: 'STORAGE_QUOTA_EXCEEDED',
      shortMessage: 'The storage node is full: its quota leaves no room for this upload.',
    })
    // Streamed without a Content-Length: refused once the bytes pass the quota.
    const streamed = await fetch(`${node.url}/v1/objects`, {
      method: 'POST',
      body: new Blob([bytes(7_000, 9)]).stream(),
      duplex: 'half',
    } as RequestInit).catch((error: Error) => error)
    if (streamed instanceof Response) expect(streamed.status).toBe(413)
    // A stored object uploaded again costs nothing (bytes in flight count until their root is known), what fits
    // still fits, and after a restart the quota counts the objects already on disk.
    await storage.upload(bytes(6_000, 7))
    await storage.upload(bytes(6_000, 10))
    await node.close()
    nodes.pop()
    const again = await start({ dataDir, maxTotalBytes: 12_000 })
    await expect(createLocalStorage({ url: again.node.url }).upload(bytes(1, 11))).rejects.toMatchObject({
      code: 'STORAGE_QUOTA_EXCEEDED',
    })
    expect(await readdir(join(dataDir, 'tmp'))).toEqual([])
  })

  test('error: with an upload token, uploads without it or with another are 401 STORAGE_UNAUTHORIZED; reads stay open', async () => {
    const uploadToken = 'a-test-token-0123456789'
    const { node } = await start({ uploadToken })
    const data = bytes(1_000, 12)
    for (const token of [undefined, 'another-token-0123456789'])
      await expect(
        createLocalStorage({ url: node.url, uploadToken: token }).upload(data),
      ).rejects.toMatchObject({
        code: 'STORAGE_UNAUTHORIZED',
      })
    const refused = await fetch(`${node.url}/v1/objects`, { method: 'POST', body: data })
    expect([refused.status, refused.headers.get('www-authenticate')]).toEqual([401, 'Bearer'])
    const { root } = await createLocalStorage({ url: node.url, uploadToken }).upload(data)
    expect(await createLocalStorage({ url: node.url }).has(root)).toBe(true)
  })

  test('error: the node refuses to start on a non-loopback address without a token, or with a short one', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'licen-storage-'))
    dirs.push(dataDir)
    for (const host of ['0.0.0.0', '::'])
      await expect(startStorageNode({ dataDir, port: 0, host })).rejects.toMatchObject({
        code: 'STORAGE_CONFIG_INVALID',
        shortMessage: 'A storage node on a non-loopback address needs an upload token.',
      })
    await expect(startStorageNode({ dataDir, port: 0, uploadToken: 'short' })).rejects.toMatchObject({
      code: 'STORAGE_CONFIG_INVALID',
    })
    const node = await startStorageNode({
      dataDir,
      port: 0,
      host: '0.0.0.0',
      uploadToken: 'a-test-token-0123456789',
    })
    nodes.push(node)
    expect(node.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/)
  })

  test('default: loopback hosts', () => {
    expect(
      ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'].map(isLoopbackHost),
    ).toEqual([true, true, true, true, true, true])
    expect(
      ['0.0.0.0', '::', '192.168.1.2', 'example.com', '127.0.0.1.example.com'].map(isLoopbackHost),
    ).toEqual([false, false, false, false, false])
  })
})
