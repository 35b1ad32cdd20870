import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { type HttpServerLimits, hardenHttpServer } from '@licen/sdk/http-server'

/** Limits of {@link serveApi} where `limits` leaves a field out (the rest are `DEFAULT_HTTP_SERVER_LIMITS`). */
export const API_HTTP_LIMITS: HttpServerLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 }

/**
 * Serves the provider API (small signed JSON bodies: the whole request within 30 s) on `node:http`, hardened against slow and idle clients: late headers and requests
 * get 408, idle keep-alive and stalled sockets are closed (`hardenHttpServer`). Resolves once listening; rejects
 * with the listen error (a taken port, say).
 */
export async function serveApi(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  options: { host: string; port: number; limits?: HttpServerLimits | undefined },
): Promise<Server> {
  const server = serve({ fetch: app.fetch, hostname: options.host, port: options.port }) as Server
  hardenHttpServer(server, { ...API_HTTP_LIMITS, ...definedOnly(options.limits) })
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  return server
}

function definedOnly(limits: HttpServerLimits | undefined): HttpServerLimits {
  return Object.fromEntries(Object.entries(limits ?? {}).filter(([, value]) => value !== undefined))
}
