import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLocalStorage, zgRoot } from '@licen/sdk'
import { afterEach, describe, expect, test } from 'vitest'
import { type StorageNode, startStorageNode } from './startStorageNode.js'

const dirs: string[] = []
const nodes: StorageNode[] = []
afterEach(async () => {
  for (const node of nodes.splice(0)) await node.close()
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function start(options: { maxBytes?: number; dataDir?: string } = {}) {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'licen-storage-')))
  if (!options.dataDir) dirs.push(dataDir)
  const node = await startStorageNode({ dataDir, port: 0, maxBytes: options.maxBytes })
  nodes.push(node)
  return { node, dataDir }
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
})
