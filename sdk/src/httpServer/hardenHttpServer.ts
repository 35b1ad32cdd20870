import type { Server } from 'node:http'

/** Time limits of a Node HTTP server that faces untrusted clients (all in milliseconds). */
export type HttpServerLimits = {
  /** Time for a request's headers to arrive (default 10 s); Node then answers `408` and closes. */
  headersTimeoutMs?: number | undefined
  /**
   * Time for a whole request, headers and body, to arrive (default 30 s; Node answers `408`). 0 turns it off for
   * long streamed uploads, which then read their body through {@link readBodyWithMinRate}.
   */
  requestTimeoutMs?: number | undefined
  /** How long an idle keep-alive connection stays open after a response (default 5 s). */
  keepAliveTimeoutMs?: number | undefined
  /** A socket without traffic either way for this long is destroyed (default 60 s). */
  idleTimeoutMs?: number | undefined
}

/** The limits {@link hardenHttpServer} applies where a field is left out. */
export const DEFAULT_HTTP_SERVER_LIMITS: Readonly<Required<HttpServerLimits>> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
}

/**
 * Applies {@link HttpServerLimits} to a `node:http` server (its own or the one `@hono/node-server` made): header,
 * request, keep-alive and socket idle timeouts, and a deadline check interval that matches them (Node checks header
 * and request deadlines every 30 s by default). Call it before the server's `listening` event (right after
 * `createServer()` or `serve()`). Returns the server.
 */
export function hardenHttpServer<S extends Server>(server: S, limits: HttpServerLimits = {}): S {
  const resolved = resolveLimits(limits)
  server.headersTimeout = resolved.headersTimeoutMs
  server.requestTimeout = resolved.requestTimeoutMs
  server.keepAliveTimeout = resolved.keepAliveTimeoutMs
  // Without a 'timeout' listener, Node destroys a socket that stays idle this long.
  server.setTimeout(resolved.idleTimeoutMs)
  const deadlines = [resolved.headersTimeoutMs, resolved.requestTimeoutMs].filter((ms) => ms > 0)
  // Read by Node when the server starts listening (not in @types/node 20).
  ;(server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval = Math.min(
    30_000,
    Math.max(25, Math.floor(Math.min(...deadlines) / 4)),
  )
  return server
}

function resolveLimits(limits: HttpServerLimits): Required<HttpServerLimits> {
  const resolved = { ...DEFAULT_HTTP_SERVER_LIMITS }
  for (const key of Object.keys(resolved) as (keyof HttpServerLimits)[]) {
    const value = limits[key]
    if (value === undefined) continue
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`${key} must be a whole number of milliseconds ≥ 0, got ${value}`)
    resolved[key] = value
  }
  if (resolved.headersTimeoutMs === 0) throw new RangeError('headersTimeoutMs must be > 0')
  if (resolved.requestTimeoutMs > 0 && resolved.headersTimeoutMs > resolved.requestTimeoutMs)
    throw new RangeError('headersTimeoutMs must not exceed requestTimeoutMs')
  return resolved
}
