import type { Server } from 'node:http'
import { createAdaptorServer } from '@hono/node-server'
import { type HttpServerLimits, hardenHttpServer } from './hardenHttpServer.js'

/** What {@link serveHardened} serves: anything with a Fetch API handler (a Hono app, say). */
export type FetchApp = { fetch: (request: Request) => Response | Promise<Response> }

/** Where {@link serveHardened} listens, and its limits (a field left out takes `DEFAULT_HTTP_SERVER_LIMITS`). */
export type ServeHardenedOptions = { host: string; port: number; limits?: HttpServerLimits | undefined }

/**
 * Serves a Fetch API app on `node:http` (through `@hono/node-server`), hardened against slow and idle clients by
 * {@link hardenHttpServer}: late headers and requests get 408, idle keep-alive and stalled sockets are closed.
 * Limits that cannot work throw before anything listens. Resolves once listening; rejects with the listen error
 * (a taken port, say).
 */
export async function serveHardened(app: FetchApp, options: ServeHardenedOptions): Promise<Server> {
  const server = hardenHttpServer(createAdaptorServer({ fetch: app.fetch }) as Server, options.limits)
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
    server.listen(options.port, options.host)
  })
  return server
}
