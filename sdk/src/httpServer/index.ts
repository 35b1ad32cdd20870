// `@licen/sdk/http-server` (Node only): limits for the `node:http` servers that face untrusted clients.
export {
  DEFAULT_HTTP_SERVER_LIMITS,
  type HttpServerLimits,
  hardenHttpServer,
} from './hardenHttpServer.js'
export { type BodyRateLimits, readBodyWithMinRate } from './readBodyWithMinRate.js'
export { type FetchApp, type ServeHardenedOptions, serveHardened } from './serveHardened.js'
