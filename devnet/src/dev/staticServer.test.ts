import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '@licen/contracts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type StaticServer, serveStatic } from './staticServer.js'

let dir: string
let server: StaticServer

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licen-static-'))
  await mkdir(join(dir, 'site', '_app'), { recursive: true })
  await writeFile(join(dir, 'site', 'index.html'), '<!doctype html>')
  await writeFile(join(dir, 'site', '_app', 'a.js'), 'export {}')
  await writeFile(join(dir, 'secret.txt'), 'outside the site')
  server = await serveStatic({
    root: join(dir, 'site'),
    port: await freePort(),
    files: { 'config.json': { body: '{"a":1}' }, 'policies/0xab.json': { body: '{"p":1}' } },
  })
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

const get = async (path: string, method = 'GET') => {
  const response = await fetch(`${server.url}${path}`, { method })
  return [response.status, response.headers.get('content-type'), await response.text()]
}

describe('serveStatic', () => {
  test('default: the site, with config.json and policy files from memory', async () => {
    expect(await get('/')).toEqual([200, 'text/html; charset=utf-8', '<!doctype html>'])
    expect(await get('/_app/a.js')).toEqual([200, 'text/javascript; charset=utf-8', 'export {}'])
    expect(await get('/config.json')).toEqual([200, 'application/json', '{"a":1}'])
    expect(await get('/policies/0xab.json')).toEqual([200, 'application/json', '{"p":1}'])
  })

  test.each([
    ['/missing', 404],
    ['/../secret.txt', 404],
    ['/%2e%2e/secret.txt', 404],
    ['/_app', 404],
    ['/%E0%A4%A', 400],
  ])('error: %s → %i', async (path, status) => {
    expect((await get(path))[0]).toBe(status)
  })

  test('error: an encoded slash cannot leave the site folder', async () => {
    const status = await new Promise<number | undefined>((resolve) =>
      getRaw(`${server.url}/..%2fsecret.txt`, resolve),
    )
    expect(status).toBe(403)
  })

  test('error: only GET and HEAD', async () => {
    expect((await get('/config.json', 'POST'))[0]).toBe(405)
    expect(await get('/config.json', 'HEAD')).toEqual([200, 'application/json', ''])
  })

  test('args: under a sub-path on a free port, every request path reported', async () => {
    const requests: string[] = []
    const site = await serveStatic({
      root: join(dir, 'site'),
      port: 0,
      prefix: '/ipfs/bafy/',
      files: { 'config.json': { body: '{"b":2}' } },
      onRequest: (path) => requests.push(path),
    })
    try {
      expect(site.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ipfs\/bafy\/$/)
      const status = async (url: string) => (await fetch(url)).status
      expect(await (await fetch(site.url)).text()).toBe('<!doctype html>')
      expect(await (await fetch(`${site.url}config.json`)).text()).toBe('{"b":2}')
      expect(await status(`${site.url}_app/a.js`)).toBe(200)
      expect(await status(new URL('/config.json', site.url).href)).toBe(404)
      expect(requests).toEqual([
        '/ipfs/bafy/',
        '/ipfs/bafy/config.json',
        '/ipfs/bafy/_app/a.js',
        '/config.json',
      ])
    } finally {
      await site.close()
    }
  })

  test('error: late headers get 408 and an idle socket closes (#17 item 1)', async () => {
    const site = await serveStatic({
      root: join(dir, 'site'),
      port: 0,
      files: {},
      httpLimits: { headersTimeoutMs: 200, idleTimeoutMs: 300 },
    })
    const { port } = new URL(site.url)
    const raw = (head: string) =>
      new Promise<{ status: string; ms: number }>((resolve) => {
        const started = Date.now()
        let text = ''
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(head))
        socket.on('data', (data) => {
          text += data.toString()
        })
        socket.on('error', () => {})
        socket.on('close', () =>
          resolve({ status: text.split('\r\n', 1)[0] ?? '', ms: Date.now() - started }),
        )
      })
    try {
      const late = await raw('GET / HTTP/1.1\r\nHost: a\r\n')
      expect(late.status).toBe('HTTP/1.1 408 Request Timeout')
      expect(late.ms).toBeLessThan(2_000)
      const silent = await raw('')
      expect(silent.ms).toBeLessThan(2_000)
    } finally {
      await site.close()
    }
  })
})

/** A GET with the path sent exactly as written (fetch would normalise it). */
function getRaw(url: string, done: (status: number | undefined) => void): void {
  const { hostname, port } = new URL(url)
  const path = url.slice(url.indexOf('/', 'http://'.length))
  request({ hostname, port, path }, (response) => {
    response.resume()
    done(response.statusCode)
  })
    .on('error', () => done(undefined))
    .end()
}
