import { readFile, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { extname, join, normalize } from 'node:path'

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

export type StaticSite = { url: string; server: Server; requests: string[]; close: () => Promise<void> }

/**
 * Serves a built folder under a sub-path (like an IPFS gateway's `/ipfs/<cid>/`), with extra in-memory files
 * (config.json). No SPA fallback: an unknown path is a 404, exactly like a plain static host.
 */
export async function serveStatic(
  root: string,
  prefix: string,
  extra: Record<string, string>,
): Promise<StaticSite> {
  const requests: string[] = []
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    requests.push(path)
    if (!path.startsWith(prefix)) return void res.writeHead(404).end('not found')
    const rel = path.slice(prefix.length) || 'index.html'
    if (rel in extra) {
      res.writeHead(200, { 'content-type': types[extname(rel)] ?? 'application/octet-stream' })
      return void res.end(extra[rel])
    }
    const file = normalize(join(root, rel))
    if (!file.startsWith(root)) return void res.writeHead(403).end()
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file')
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
      res.end(await readFile(file))
    } catch {
      res.writeHead(404).end('not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('no port')
  return {
    url: `http://127.0.0.1:${address.port}${prefix}`,
    server,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
