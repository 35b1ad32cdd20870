import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { type AddressInfo, isIP } from 'node:net'
import { createZgRootHasher } from '@licen/sdk'
import {
  type BodyRateLimits,
  type HttpServerLimits,
  hardenHttpServer,
  readBodyWithMinRate,
} from '@licen/sdk/http-server'
import { ObjectStore, parseRoot, type Root } from './objectStore.js'
import { StorageNodeError } from './StorageNodeError.js'

/** Parameters of {@link startStorageNode}. */
export type StartStorageNodeParameters = {
  /** Folder holding the objects; created if missing, kept across restarts. */
  dataDir: string
  /** TCP port; 0 picks a free one. */
  port: number
  /** Interface to listen on (default 127.0.0.1). */
  host?: string
  /** Largest accepted upload in bytes, per object (default 4 GiB); larger is refused with 413 `STORAGE_TOO_LARGE`. */
  maxBytes?: number
  /**
   * Bytes all stored objects may take together (default 64 GiB); an upload that would go past it is refused with
   * 413 `STORAGE_QUOTA_EXCEEDED` (a declared Content-Length before any byte is read).
   */
  maxTotalBytes?: number
  /**
   * Token every upload must carry as `Authorization: Bearer <token>` (at least 16 characters); a missing or wrong
   * one is refused with 401 `STORAGE_UNAUTHORIZED`. Required when `host` is not a loopback address: the node then
   * refuses to start without one (`STORAGE_CONFIG_INVALID`). Reads stay open (objects are content-addressed).
   */
  uploadToken?: string | undefined
  /** Uploads running at once (default 8); one more is refused with 503 `STORAGE_BUSY` and `Retry-After: 1`. */
  maxConcurrentUploads?: number
  /**
   * Server time limits (default: headers 10 s, whole request none — large uploads take long and are held to
   * `uploadRate` instead —, keep-alive 5 s, idle socket 60 s). Late headers get 408; idle sockets are closed.
   */
  httpLimits?: HttpServerLimits
  /**
   * Slowest accepted upload body (default 4 KiB/s over each 10 s window): an upload that stalls or trickles is
   * refused with 408 `STORAGE_TIMEOUT` and its partial file removed.
   */
  uploadRate?: BodyRateLimits
  /** Value of Access-Control-Allow-Origin (default `*`: the devnet app may run on any local origin). */
  corsOrigin?: string
  /** Called once per failed request with its code (no bodies, no secrets). */
  onError?: (error: StorageNodeError, request: { method: string; path: string }) => void
}

/** A running storage node. */
export type StorageNode = {
  /** Base URL, e.g. `http://127.0.0.1:4001`. */
  readonly url: string
  readonly port: number
  /** Stops accepting requests and closes open connections. */
  close(): Promise<void>
}

const OBJECTS = '/v1/objects'

/** The storage node's defaults for the limits of {@link StartStorageNodeParameters}. */
export const STORAGE_NODE_DEFAULTS = {
  maxBytes: 4 * 1024 ** 3,
  maxTotalBytes: 64 * 1024 ** 3,
  maxConcurrentUploads: 8,
  httpLimits: {
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 0,
    keepAliveTimeoutMs: 5_000,
    idleTimeoutMs: 60_000,
  },
  uploadRate: { minBytesPerSecond: 4096, windowMs: 10_000 },
} as const

/** Whether `host` only accepts connections from this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  if (bare === 'localhost' || bare === '::1') return true
  const v4 = bare.startsWith('::ffff:') ? bare.slice(7) : bare
  return isIP(v4) === 4 && v4.startsWith('127.')
}

/**
 * Starts the local content-addressed storage node: `POST /v1/objects` stores a body under its 0G root (re-hashed
 * here, optional `X-Zg-Root` must match), `GET|HEAD /v1/objects/<root>` serves it re-hashed on the way out (a
 * corrupted file aborts the response before its last bytes), `GET /health`. Streaming both ways; CORS for the app.
 */
export async function startStorageNode(parameters: StartStorageNodeParameters): Promise<StorageNode> {
  const host = parameters.host ?? '127.0.0.1'
  const token = parameters.uploadToken
  if (token !== undefined && token.length < 16)
    throw new StorageNodeError('The upload token must have at least 16 characters.', {
      code: 'STORAGE_CONFIG_INVALID',
    })
  if (token === undefined && !isLoopbackHost(host))
    throw new StorageNodeError('A storage node on a non-loopback address needs an upload token.', {
      code: 'STORAGE_CONFIG_INVALID',
      details: `host ${host}: set uploadToken (LICEN_STORAGE_UPLOAD_TOKEN) or bind 127.0.0.1`,
    })
  const tokenDigest = token === undefined ? undefined : sha256(token)
  const maxBytes = parameters.maxBytes ?? STORAGE_NODE_DEFAULTS.maxBytes
  const maxConcurrentUploads = parameters.maxConcurrentUploads ?? STORAGE_NODE_DEFAULTS.maxConcurrentUploads
  const uploadRate = parameters.uploadRate ?? STORAGE_NODE_DEFAULTS.uploadRate
  const store = await ObjectStore.open(parameters.dataDir, {
    maxTotalBytes: parameters.maxTotalBytes ?? STORAGE_NODE_DEFAULTS.maxTotalBytes,
  })
  let uploading = 0
  const cors = {
    'access-control-allow-origin': parameters.corsOrigin ?? '*',
    'access-control-expose-headers': 'content-length, x-zg-root, x-zg-size',
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    const method = req.method ?? 'GET'
    try {
      if (method === 'OPTIONS') {
        res.writeHead(204, {
          ...cors,
          'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS',
          'access-control-allow-headers': 'authorization, content-type, x-zg-root',
          'access-control-max-age': '600',
        })
        return res.end()
      }
      if (path === '/health' && method === 'GET')
        return json(res, 200, { ok: true, objects: await store.count() }, cors)
      if (path === OBJECTS) {
        if (method !== 'POST')
          throw new StorageNodeError('Use POST to upload.', { code: 'STORAGE_METHOD_NOT_ALLOWED' })
        return await upload(req, res)
      }
      if (path.startsWith(`${OBJECTS}/`)) {
        if (method !== 'GET' && method !== 'HEAD')
          throw new StorageNodeError('Use GET or HEAD to read.', { code: 'STORAGE_METHOD_NOT_ALLOWED' })
        const root = parseRoot(path.slice(OBJECTS.length + 1))
        if (!root)
          throw new StorageNodeError('A root is 0x followed by 64 hex digits.', {
            code: 'STORAGE_INVALID_ROOT',
          })
        return await download(root, method === 'HEAD', res)
      }
      throw new StorageNodeError('No such route.', { code: 'STORAGE_NOT_FOUND' })
    } catch (caught) {
      const error =
        caught instanceof StorageNodeError
          ? caught
          : new StorageNodeError('The storage node failed.', { code: 'STORAGE_INTERNAL', cause: caught })
      parameters.onError?.(error, { method, path })
      if (!res.headersSent) {
        // Drain nothing more from a refused upload: tell the client to close.
        if (method === 'POST') res.setHeader('connection', 'close')
        json(
          res,
          error.status,
          { code: error.code, message: error.shortMessage, details: error.details },
          { ...cors, ...REFUSAL_HEADERS[error.code] },
        )
      } else res.destroy(error)
    }
  }

  const upload = async (req: IncomingMessage, res: ServerResponse) => {
    if (tokenDigest && !bearerMatches(req.headers.authorization, tokenDigest))
      throw new StorageNodeError("Uploads need this node's upload token (Authorization: Bearer).", {
        code: 'STORAGE_UNAUTHORIZED',
      })
    const declared = req.headers['content-length']
    const sizeHint = declared === undefined ? undefined : Number(declared)
    if (sizeHint !== undefined && sizeHint > maxBytes)
      throw new StorageNodeError(`Uploads are limited to ${maxBytes} bytes.`, { code: 'STORAGE_TOO_LARGE' })
    const header = req.headers['x-zg-root']
    const expected = header === undefined ? undefined : parseRoot(String(header))
    if (header !== undefined && !expected)
      throw new StorageNodeError('X-Zg-Root is not 0x followed by 64 hex digits.', {
        code: 'STORAGE_INVALID_ROOT',
      })
    if (uploading >= maxConcurrentUploads)
      throw new StorageNodeError('The storage node is busy with other uploads; retry shortly.', {
        code: 'STORAGE_BUSY',
        details: `${maxConcurrentUploads} uploads at once`,
      })
    uploading++
    try {
      const body = readBodyWithMinRate(
        req,
        uploadRate,
        () =>
          new StorageNodeError('The upload arrived too slowly.', {
            code: 'STORAGE_TIMEOUT',
            details: `at least ${uploadRate.minBytesPerSecond} bytes/s over each ${uploadRate.windowMs} ms`,
          }),
      )
      const result = await store.put(body, { maxBytes, expected, sizeHint })
      json(res, result.created ? 201 : 200, { root: result.root, size: result.size }, cors)
    } finally {
      uploading--
    }
  }

  const download = async (root: Root, headOnly: boolean, res: ServerResponse) => {
    const size = await store.size(root)
    if (size === undefined)
      throw new StorageNodeError('No object with this root.', { code: 'STORAGE_NOT_FOUND' })
    const headers = {
      ...cors,
      'content-type': 'application/octet-stream',
      'content-length': String(size),
      'x-zg-root': root,
      'x-zg-size': String(size),
      'cache-control': 'public, max-age=31536000, immutable',
    }
    if (headOnly) {
      res.writeHead(200, headers)
      return res.end()
    }
    const abort = new AbortController()
    // A client that goes away mid-download stops the file read (a finished response is not an abort).
    res.on('close', () => {
      if (!res.writableFinished) abort.abort()
    })
    const hasher = await createZgRootHasher({ workers: size >= 8 * 1024 * 1024 ? 'auto' : 0 })
    try {
      res.writeHead(200, headers)
      // Hold the last chunk back until the whole file re-hashes to its name.
      let held: Uint8Array | undefined
      for await (const chunk of store.read(root, abort.signal)) {
        await hasher.update(chunk)
        if (held) await write(res, held)
        held = chunk
      }
      const { root: actual } = await hasher.digest()
      if (actual !== root)
        throw new StorageNodeError('Stored bytes no longer match their root.', {
          code: 'STORAGE_ROOT_MISMATCH',
          details: `object ${root} re-hashes to ${actual}`,
        })
      if (held) await write(res, held)
      res.end()
    } finally {
      hasher.destroy()
    }
  }

  const server: Server = createServer((req, res) => void handle(req, res))
  // Late headers get 408 and idle sockets close; upload bodies are held to `uploadRate` (no whole-request limit).
  const limits = parameters.httpLimits ?? {}
  const defaults = STORAGE_NODE_DEFAULTS.httpLimits
  hardenHttpServer(server, {
    headersTimeoutMs: limits.headersTimeoutMs ?? defaults.headersTimeoutMs,
    requestTimeoutMs: limits.requestTimeoutMs ?? defaults.requestTimeoutMs,
    keepAliveTimeoutMs: limits.keepAliveTimeoutMs ?? defaults.keepAliveTimeoutMs,
    idleTimeoutMs: limits.idleTimeoutMs ?? defaults.idleTimeoutMs,
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(parameters.port, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}

/** Extra headers of some refusals. */
const REFUSAL_HEADERS: Partial<Record<StorageNodeError['code'], Record<string, string>>> = {
  STORAGE_UNAUTHORIZED: { 'www-authenticate': 'Bearer' },
  STORAGE_BUSY: { 'retry-after': '1' },
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest()
}

/** Compares an Authorization header with the token's digest in constant time. */
function bearerMatches(header: string | undefined, digest: Buffer): boolean {
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false
  return timingSafeEqual(sha256(header.slice('Bearer '.length)), digest)
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
}

function write(res: ServerResponse, chunk: Uint8Array): Promise<void> {
  if (res.write(chunk)) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      res.off('close', onClose)
      resolve()
    }
    const onClose = () => {
      res.off('drain', onDrain)
      reject(new Error('client went away'))
    }
    res.once('drain', onDrain)
    res.once('close', onClose)
  })
}
