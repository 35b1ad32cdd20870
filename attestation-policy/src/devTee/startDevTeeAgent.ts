import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { SafeParser } from '@licen/errors'
import { type HttpServerLimits, hardenHttpServer } from '@licen/sdk/http-server'
import { z } from '@licen/sdk/validation'
import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils'
import { BaseError } from '../errors.js'
import type { DevImage } from './devImage.js'
import { createDevTee, type DevTee } from './devTee.js'
import { loadDevTeeState } from './devTeeState.js'
import { MOCK_PLATFORM } from './mockPki.js'

/** Largest request body the agent reads. */
export const MAX_REQUEST_BYTES = 65_536

export type StartDevTeeAgentParameters = {
  /** TCP port; 0 picks a free one. */
  port: number
  /** Interface to bind (default 127.0.0.1: the agent must not be reachable from other machines). */
  host?: string | undefined
  /** Directory that keeps the instance id and PKI seed across restarts (created 0700, file 0600). */
  stateDir?: string | undefined
  /** Seed of the mock PKI (default: the shared dev seed that policies/local.json pins). */
  pkiSeed?: Uint8Array | undefined
  appCompose?: string | undefined
  composeHash?: string | undefined
  debug?: boolean | undefined
  image?: DevImage | undefined
  /** Unix seconds now (default: the clock). */
  now?: (() => number) | undefined
  collateralValiditySeconds?: number | undefined
  /** Time limits of the HTTP server (default: headers 5 s, whole request 10 s, keep-alive 5 s, idle socket 60 s). */
  httpLimits?: HttpServerLimits | undefined
}

/** A running development guest agent. */
export type DevTeeAgent = {
  /** Base URL: set DSTACK_SIMULATOR_ENDPOINT to it for DstackClient, and use it as the PCCS URL for collateral. */
  url: string
  port: number
  tee: DevTee
  /** sha256 of the mock root CA its quotes chain to. */
  rootCaSha256: string
  close: () => Promise<void>
}

/** A string of at most `max` characters. */
const text = (max: number) => z.string().check(z.maxLength(max))
/** Hex text of at most `max` characters, empty allowed. */
const hexText = (max: number) => z.string().check(z.maxLength(max), z.regex(/^([0-9a-fA-F]{2})*$/))

const quoteRequest = z.object({
  report_data: z._default(hexText(128), ''),
})
const keyRequest = z.object({
  path: z._default(text(256), ''),
  purpose: z._default(text(256), ''),
  algorithm: z._default(text(32), 'secp256k1'),
})
const eventRequest = z.object({
  event: text(64),
  payload: z._default(hexText(8192), ''),
})

/** A request the agent refuses with an HTTP status; its message is the JSON `error` the client sees. */
class HttpFailure extends BaseError {
  override name = 'HttpFailure'
  readonly status: number

  constructor(status: number, shortMessage: string) {
    super(shortMessage, { code: 'INPUT_INVALID' })
    this.status = status
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_REQUEST_BYTES) throw new HttpFailure(413, 'request body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function parseJson<T>(schema: SafeParser<T>, body: string): T {
  let value: unknown = {}
  if (body.trim()) {
    try {
      value = JSON.parse(body)
    } catch {
      throw new HttpFailure(400, 'body is not JSON')
    }
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new HttpFailure(400, `invalid request: ${parsed.error.issues[0]?.message ?? ''}`)
  return parsed.data
}

type Reply = { status?: number; json?: unknown; body?: string | Uint8Array; headers?: Record<string, string> }

function rpcRoutes(tee: DevTee): Record<string, (body: string) => Reply> {
  return {
    '/Info': () => ({ json: tee.info() }),
    '/Version': () => ({ json: { version: 'licen-dev-tee/1', rev: 'dev-mock' } }),
    '/GetQuote': (body) => {
      const { report_data } = parseJson(quoteRequest, body)
      const reportData = hexToBytes(report_data)
      const { quote, eventLog } = tee.quote(reportData)
      const padded = new Uint8Array(64)
      padded.set(reportData)
      return {
        json: {
          quote: bytesToHex(quote),
          event_log: eventLog,
          report_data: bytesToHex(padded),
          vm_config: tee.image.vmConfig,
        },
      }
    },
    '/GetKey': (body) => {
      const { path, purpose, algorithm } = parseJson(keyRequest, body)
      if (algorithm !== 'secp256k1' && algorithm !== 'k256') {
        throw new HttpFailure(400, `algorithm ${algorithm} is not supported by the dev TEE`)
      }
      return { json: tee.getKey(path, purpose) }
    },
    '/EmitEvent': (body) => {
      const { event, payload } = parseJson(eventRequest, body)
      try {
        tee.emitEvent(event, hexToBytes(payload))
      } catch (error) {
        throw new HttpFailure(400, error instanceof BaseError ? error.shortMessage : 'invalid event')
      }
      return { json: {} }
    },
  }
}

/** PCCS v4 endpoints serving the dev TEE's collateral, so the production collateral fetcher runs against it. */
function pccsRoute(tee: DevTee, url: URL): Reply | undefined {
  const collateral = tee.collateral()
  const chain = (pem: string) => encodeURIComponent(pem)
  switch (url.pathname) {
    case '/sgx/certification/v4/pckcrl':
      if (url.searchParams.get('ca') !== 'platform') return { status: 404, json: { error: 'unknown CA' } }
      return {
        body: hexToBytes(collateral.pck_crl),
        headers: {
          'content-type': 'application/pkix-crl',
          'SGX-PCK-CRL-Issuer-Chain': chain(collateral.pck_crl_issuer_chain),
        },
      }
    case '/sgx/certification/v4/rootcacrl':
      return { body: collateral.root_ca_crl, headers: { 'content-type': 'text/plain' } }
    case '/tdx/certification/v4/tcb':
      if (url.searchParams.get('fmspc')?.toUpperCase() !== MOCK_PLATFORM.fmspc)
        return { status: 404, json: { error: 'unknown FMSPC' } }
      return {
        body: `{"tcbInfo":${collateral.tcb_info},"signature":"${collateral.tcb_info_signature}"}`,
        headers: {
          'content-type': 'application/json',
          'TCB-Info-Issuer-Chain': chain(collateral.tcb_info_issuer_chain),
        },
      }
    case '/tdx/certification/v4/qe/identity':
      return {
        body: `{"enclaveIdentity":${collateral.qe_identity},"signature":"${collateral.qe_identity_signature}"}`,
        headers: {
          'content-type': 'application/json',
          'SGX-Enclave-Identity-Issuer-Chain': chain(collateral.qe_identity_issuer_chain),
        },
      }
    default:
      return undefined
  }
}

function send(response: ServerResponse, reply: Reply): void {
  const body = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.body ?? '')
  response.writeHead(reply.status ?? 200, {
    'content-type': 'application/json',
    ...reply.headers,
    'content-length': String(typeof body === 'string' ? Buffer.byteLength(body) : body.length),
  })
  response.end(body)
}

/**
 * Starts the development dstack guest agent: the Info/GetQuote/GetKey/EmitEvent/Version API that @phala/dstack-sdk's
 * DstackClient speaks (reach it with DSTACK_SIMULATOR_ENDPOINT=url) plus PCCS v4 collateral endpoints. Its quotes
 * are genuine TDX v4 layouts signed by the mock PKI: accepted under a `dev-mock` policy, refused under `intel`.
 */
export async function startDevTeeAgent(parameters: StartDevTeeAgentParameters): Promise<DevTeeAgent> {
  const state = await loadDevTeeState({ stateDir: parameters.stateDir, pkiSeed: parameters.pkiSeed })
  const tee = createDevTee({
    state,
    image: parameters.image,
    appCompose: parameters.appCompose,
    composeHash: parameters.composeHash,
    debug: parameters.debug,
    now: parameters.now ?? (() => Math.floor(Date.now() / 1000)),
    collateralValiditySeconds: parameters.collateralValiditySeconds,
  })
  const routes = rpcRoutes(tee)
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://dev-tee.invalid')
    const handle = async (): Promise<Reply> => {
      if (request.method === 'GET') {
        const reply = pccsRoute(tee, url)
        if (reply) return reply
      }
      const route = routes[url.pathname]
      if (!route) throw new HttpFailure(404, `unsupported: ${url.pathname}`)
      if (request.method !== 'POST') throw new HttpFailure(405, 'use POST')
      return route(await readBody(request))
    }
    handle().then(
      (reply) => send(response, reply),
      (error: unknown) => {
        const status = error instanceof HttpFailure ? error.status : 500
        send(response, {
          status,
          json: { error: error instanceof HttpFailure ? error.message : 'internal error' },
        })
      },
    )
  })
  // Small JSON bodies: late headers and trickled requests get 408, idle sockets close.
  hardenHttpServer(server, {
    headersTimeoutMs: parameters.httpLimits?.headersTimeoutMs ?? 5_000,
    requestTimeoutMs: parameters.httpLimits?.requestTimeoutMs ?? 10_000,
    keepAliveTimeoutMs: parameters.httpLimits?.keepAliveTimeoutMs,
    idleTimeoutMs: parameters.httpLimits?.idleTimeoutMs,
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(parameters.port, parameters.host ?? '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const host = parameters.host ?? '127.0.0.1'
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    tee,
    rootCaSha256: bytesToHex(sha256(tee.pki.rootCa)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
