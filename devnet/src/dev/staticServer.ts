import { readFile, stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { type HttpServerLimits, hardenHttpServer } from '@licen/sdk/http-server'
import { DevnetError } from '../errors.js'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
}

/** A running static server. */
export type StaticServer = { url: string; close: () => Promise<void> }

/** Parameters of {@link serveStatic}. */
export type ServeStaticParameters = {
  /** Folder to serve; undefined serves only `files`. */
  root: string | undefined
  /** In-memory files by path below the prefix; they take precedence over the folder. */
  files: Record<string, { body: string; type?: string }>
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number
  /** Sub-path the site lives under, like an IPFS gateway's `/ipfs/<cid>/` (default `/`); others are a 404. */
  prefix?: string | undefined
  /** Called with the decoded path of every request (tests check what the app fetched). */
  onRequest?: ((path: string) => void) | undefined
  /** Time limits of the server (default: headers 10 s, whole request 30 s, keep-alive 5 s, idle socket 60 s). */
  httpLimits?: HttpServerLimits | undefined
}

/**
 * Serves a static folder (optional) like a plain static host, plus in-memory files that take precedence
 * (`config.json`, `policies/<hash>.json`). GET and HEAD only; no directory listings, no SPA fallback (the app
 * routes by hash). CORS is open, so tools and other origins can read the policy files.
 */
export async function serveStatic(parameters: ServeStaticParameters): Promise<StaticServer> {
  const prefix = parameters.prefix ?? '/'
  const root = parameters.root === undefined ? undefined : normalize(parameters.root)
  const server = createServer(async (req, res) => {
    const headers = { 'access-control-allow-origin': '*' }
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, headers).end()
    let path: string
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://devnet.invalid').pathname)
    } catch {
      return void res.writeHead(400, headers).end()
    }
    parameters.onRequest?.(path)
    if (!path.startsWith(prefix)) return void res.writeHead(404, headers).end('not found')
    const rel = path.slice(prefix.length).replace(/^\/+/, '') || 'index.html'
    const extra = parameters.files[rel]
    if (extra) {
      res.writeHead(200, {
        ...headers,
        'content-type': extra.type ?? TYPES[extname(rel)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      })
      return void res.end(req.method === 'HEAD' ? undefined : extra.body)
    }
    if (!root) return void res.writeHead(404, headers).end('not found')
    const file = normalize(join(root, rel))
    if (!file.startsWith(root + sep)) return void res.writeHead(403, headers).end()
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file')
      const body = await readFile(file)
      res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
      res.end(req.method === 'HEAD' ? undefined : body)
    } catch {
      res.writeHead(404, headers).end('not found')
    }
  })
  // GET and HEAD only: late headers get 408, idle sockets close.
  hardenHttpServer(server, parameters.httpLimits)
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new DevnetError(`cannot serve the app on port ${parameters.port}`, {
          code: 'DEVNET_PORT_BUSY',
          details: error.code,
        }),
      ),
    )
    server.listen(parameters.port, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${prefix === '/' ? '' : prefix}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
