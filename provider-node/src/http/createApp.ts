import { parseJsonOrThrow, parseOrThrow, type SafeParser } from '@licen/errors'
import type { Logger } from '@licen/sdk'
import { readBounded } from '@licen/sdk/http'
import {
  attestRequestSchema,
  type ProviderInfo,
  parseJobId,
  providerRoutes,
  startRequestSchema,
} from '@licen/sdk/provider-api'
import { Hono } from 'hono'
import type { Address, Hex } from 'viem'
import type { JobService } from '../jobs/createJobService.js'
import type { ProviderMetrics } from '../metrics/createProviderMetrics.js'
import { errorResponse } from './errorResponse.js'
import { HttpError } from './HttpError.js'

/** Verifies a signed orchestrator request; resolves with the orchestrator address or throws its auth error. */
export type RequestVerifier = (request: {
  method: string
  path: string
  body: Uint8Array
  headers: Headers
}) => Promise<Address>

export type CreateAppParameters = {
  jobs: JobService
  /** The `GET /v1/info` document. */
  info: () => ProviderInfo
  metrics: ProviderMetrics
  verify: RequestVerifier
  log: Logger
  /** Largest POST body, bytes. */
  maxBodyBytes: number
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
}

function jobIdOf(text: string): bigint {
  const jobId = parseJobId(text)
  if (jobId === undefined)
    throw new HttpError('Job ids are decimal uint256 values.', { code: 'INVALID_JOB_ID' })
  return jobId
}

function parseJson<T>(schema: SafeParser<T>, body: Uint8Array): T {
  const value = parseJsonOrThrow(
    body,
    () => new HttpError('The body is not JSON.', { code: 'INVALID_REQUEST' }),
  )
  return parseOrThrow(
    schema,
    value,
    (details) => new HttpError('The body does not match the schema.', { code: 'INVALID_REQUEST', details }),
  )
}

/** Builds the provider API v1 (Hono app; serve its `fetch`). */
export function createApp(parameters: CreateAppParameters): Hono {
  const { jobs, metrics, log } = parameters
  const app = new Hono()

  app.use('*', async (c, next) => {
    await next()
    const path = c.req.routePath
    const route = !path || path === '*' || path === '/*' ? 'unmatched' : path
    metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) })
    if (c.req.method === 'GET' || c.req.method === 'OPTIONS') {
      for (const [name, value] of Object.entries(CORS)) c.res.headers.set(name, value)
    }
  })

  app.onError((error, c) => {
    const { status, body } = errorResponse(error)
    const fields = { method: c.req.method, path: c.req.path, code: body.error.code }
    if (status === 500) log.error('request failed', { ...fields, error: error.name })
    // Refused signatures are a security signal; other refusals are the caller's business.
    else if (status === 401 || status === 403) log.warn('request refused', fields)
    else log.debug('request refused', fields)
    return c.json(body, status as 500)
  })

  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: 'No such route.' } }, 404))

  /** Reads, authenticates and parses a signed JSON POST. */
  const signedJson = async <T>(request: Request, schema: SafeParser<T>): Promise<T> => {
    const type = request.headers.get('content-type') ?? ''
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      throw new HttpError('Bodies must be application/json.', { code: 'UNSUPPORTED_MEDIA_TYPE' })
    }
    const { maxBodyBytes } = parameters
    const body = await readBounded(request, {
      maxBytes: maxBodyBytes,
      tooLarge: () =>
        new HttpError(`Request bodies are limited to ${maxBodyBytes} bytes.`, { code: 'BODY_TOO_LARGE' }),
    })
    const url = new URL(request.url)
    await parameters.verify({
      method: request.method,
      path: url.pathname + url.search,
      body,
      headers: request.headers,
    })
    return parseJson(schema, body)
  }

  app.options('*', (c) => c.body(null, 204))

  app.get(providerRoutes.info.path, (c) => c.json(parameters.info()))

  app.post(providerRoutes.attest.path, async (c) => {
    const jobId = jobIdOf(c.req.param('jobId'))
    const body = await signedJson(c.req.raw, attestRequestSchema)
    const answer = await jobs.attest({ jobId, ...body })
    return c.json(answer)
  })

  app.post(providerRoutes.start.path, async (c) => {
    const jobId = jobIdOf(c.req.param('jobId'))
    const body = await signedJson(c.req.raw, startRequestSchema)
    const view = await jobs.start({
      jobId,
      sealedKey: body.sealedKey,
      spec: { ...body.spec, resultPubKey: body.spec.resultPubKey.toLowerCase() as Hex },
    })
    if (view.status.state === 'Failed') {
      const code = view.status.code
      return c.json(
        { error: { code, message: 'The job could not start.' }, failure: view.failure, job: view },
        422,
      )
    }
    return c.json(view, 202)
  })

  app.get(providerRoutes.job.path, (c) => c.json(jobs.get(jobIdOf(c.req.param('jobId')))))

  app.get(providerRoutes.result.path, (c) => c.json(jobs.result(jobIdOf(c.req.param('jobId')))))

  app.get(providerRoutes.metrics.path, (c) =>
    c.body(metrics.registry.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }),
  )

  return app
}
