import type { LocalAccount } from 'viem'
import { BaseError } from '../errors.js'
import { BodyTooLargeError } from '../http/BodyTooLargeError.js'
import { readBounded } from '../http/readBounded.js'
import { signProviderRequest } from '../requestAuth/signProviderRequest.js'
import type { z } from '../validation/index.js'
import type { ProviderApiFailure } from './ProviderApiFailure.js'
import { providerClientErrorOf } from './providerClientErrorOf.js'
import { type ProviderRouteName, providerPath, providerRoutes } from './providerRoutes.js'
import {
  type AttestAnswer,
  type AttestRequest,
  attestAnswerSchema,
  PROVIDER_MAX_RESPONSE_BYTES,
  type ProviderFailure,
  type ProviderInfo,
  type ProviderJob,
  type ProviderResult,
  providerErrorBodySchema,
  providerInfoSchema,
  providerJobAnswerSchema,
  providerResultSchema,
  type StartRequest,
  startFailureSchema,
} from './providerSchemas.js'

/** What a key handover came to. */
export type StartOutcome =
  /** The provider accepted the key (202), or had already accepted it before (409 JOB_ALREADY_STARTED). */
  | { kind: 'accepted'; already: boolean }
  /** The provider refused the start and signed a failure report (422). */
  | { kind: 'failed'; failure: ProviderFailure }

export type CreateProviderApiClientParameters = {
  /** The node's base URL (`ProviderRegistered` endpoint); a path prefix is kept. */
  endpoint: string
  /** Deadline of each call, answer included (default 10 s). */
  timeoutMs?: number | undefined
  /** Largest answer read, in bytes (default `PROVIDER_MAX_RESPONSE_BYTES`). */
  maxBytes?: number | undefined
  /** Cancels calls: they reject with the signal's reason itself, never a mapped error. */
  signal?: AbortSignal | undefined
  /** Signs `attest` and `start` (`x-licen-*` headers); only the orchestrator has one. */
  account?: Pick<LocalAccount, 'address' | 'signMessage'> | undefined
  /** `'error'` refuses redirects (the orchestrator's signed calls); default: fetch's own. */
  redirect?: RequestRedirect | undefined
  /** Turns a failed call into the error thrown (default: `ProviderClientError`, see `providerClientErrorOf`). */
  mapError?: ((failure: ProviderApiFailure) => unknown) | undefined
  fetch?: typeof fetch | undefined
}

/** Provider API v1 for one node: bounded, validated answers within a deadline. */
export type ProviderApiClient = {
  /** `GET /v1/info`. */
  info: () => Promise<ProviderInfo>
  /** `POST /v1/jobs/:jobId/attest` (signed). */
  attest: (jobId: bigint, body: AttestRequest) => Promise<AttestAnswer>
  /** `POST /v1/jobs/:jobId/start` (signed): accepted, or refused with a signed failure. */
  start: (jobId: bigint, body: StartRequest) => Promise<StartOutcome>
  /** `GET /v1/jobs/:jobId`: status, receipts (without the provider's digests) and signed failure. */
  job: (jobId: bigint) => Promise<ProviderJob>
  /** `GET /v1/jobs/:jobId/result`: the signed result manifest. */
  result: (jobId: bigint) => Promise<ProviderResult>
}

/** An answer read and parsed as JSON; `at` is what a failure about it reports. */
type Answer = {
  at: Pick<ProviderApiFailure, 'route' | 'method' | 'path' | 'jobId' | 'status'>
  status: number
  json: unknown
}

/** Creates a provider API v1 client for one node. */
export function createProviderApiClient(parameters: CreateProviderApiClientParameters): ProviderApiClient {
  const doFetch = parameters.fetch ?? globalThis.fetch.bind(globalThis)
  const maxBytes = parameters.maxBytes ?? PROVIDER_MAX_RESPONSE_BYTES
  const mapError = parameters.mapError ?? providerClientErrorOf

  /** Throws the caller's error for a failure; the caller's own cancellation passes through unchanged. */
  const fail = (failure: ProviderApiFailure): never => {
    if (parameters.signal?.aborted) throw parameters.signal.reason
    throw mapError(failure)
  }

  const request = async (
    route: ProviderRouteName,
    jobId: bigint | undefined,
    accepted: readonly number[],
    body?: unknown,
  ): Promise<Answer> => {
    const { method } = providerRoutes[route]
    const base = { route, method, jobId } as const
    let url: URL
    try {
      url = new URL(parameters.endpoint)
    } catch {
      return fail({ ...base, path: parameters.endpoint, kind: 'endpoint', reason: 'not a URL' })
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return fail({ ...base, path: parameters.endpoint, kind: 'endpoint', reason: 'not http(s)' })
    }
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${providerPath(route, jobId)}`
    url.search = ''
    url.hash = ''
    const path = url.pathname
    const text = body === undefined ? undefined : JSON.stringify(body)
    const headers: Record<string, string> = { accept: 'application/json' }
    if (text !== undefined) {
      if (!parameters.account) {
        throw new BaseError('Signed provider requests need an account.', { code: 'PROVIDER_ACCOUNT_MISSING' })
      }
      headers['content-type'] = 'application/json'
      Object.assign(
        headers,
        await signProviderRequest({ account: parameters.account, method, path, body: text }),
      )
    }
    const timeout = AbortSignal.timeout(parameters.timeoutMs ?? 10_000)
    const signal = parameters.signal ? AbortSignal.any([parameters.signal, timeout]) : timeout
    let response: Response
    try {
      response = await doFetch(url.href, {
        method,
        headers,
        ...(text === undefined ? {} : { body: text }),
        signal,
        ...(parameters.redirect ? { redirect: parameters.redirect } : {}),
      })
    } catch (cause) {
      return fail({ ...base, path, kind: 'unreachable', phase: 'request', timedOut: timeout.aborted, cause })
    }
    const answered = { ...base, path, status: response.status, accepted: accepted.includes(response.status) }
    let bytes: Uint8Array
    try {
      bytes = await readBounded(response, { maxBytes, signal })
    } catch (cause) {
      if (cause instanceof BodyTooLargeError) {
        return fail({ ...answered, kind: 'tooLarge', maxBytes, declaredBytes: cause.declaredBytes })
      }
      return fail({ ...answered, kind: 'unreachable', phase: 'body', timedOut: timeout.aborted, cause })
    }
    let json: unknown
    if (bytes.length > 0) {
      try {
        json = JSON.parse(new TextDecoder().decode(bytes))
      } catch (cause) {
        return fail({ ...answered, kind: 'notJson', cause })
      }
    }
    return { at: { ...base, path, status: response.status }, status: response.status, json }
  }

  const refused = (answer: Answer): never => {
    const parsed = providerErrorBodySchema.safeParse(answer.json)
    const providerCode = parsed.success ? parsed.data.error.code : `HTTP_${answer.status}`
    return fail({ ...answer.at, accepted: false, kind: 'status', status: answer.status, providerCode })
  }

  const parse = <schema extends z.ZodMiniType>(schema: schema, answer: Answer): z.output<schema> => {
    const parsed = schema.safeParse(answer.json)
    if (parsed.success) return parsed.data
    return fail({ ...answer.at, accepted: true, kind: 'schema', issues: parsed.error.issues })
  }

  /** A GET answered 200 and validated. */
  const get = async <schema extends z.ZodMiniType>(
    route: ProviderRouteName,
    jobId: bigint | undefined,
    schema: schema,
  ): Promise<z.output<schema>> => {
    const answer = await request(route, jobId, [200])
    if (answer.status !== 200) return refused(answer)
    return parse(schema, answer)
  }

  return {
    info: () => get('info', undefined, providerInfoSchema),

    async attest(jobId, body) {
      const answer = await request('attest', jobId, [200], body)
      if (answer.status !== 200) return refused(answer)
      return parse(attestAnswerSchema, answer)
    },

    async start(jobId, body) {
      const answer = await request('start', jobId, [202, 409, 422], body)
      if (answer.status === 202) return { kind: 'accepted', already: false }
      if (answer.status === 422) return { kind: 'failed', failure: parse(startFailureSchema, answer).failure }
      const code = providerErrorBodySchema.safeParse(answer.json)
      if (answer.status === 409 && code.success && code.data.error.code === 'JOB_ALREADY_STARTED') {
        return { kind: 'accepted', already: true }
      }
      return refused(answer)
    },

    async job(jobId) {
      const answer = await request('job', jobId, [200])
      if (answer.status !== 200) return refused(answer)
      const view = parse(providerJobAnswerSchema, answer)
      if (view.jobId !== jobId) {
        return fail({ ...answer.at, accepted: true, kind: 'otherJob', answeredJobId: view.jobId })
      }
      return {
        jobId: view.jobId,
        status: view.status,
        receipts: view.receipts.map(({ receipt, signature }) => ({ receipt, signature })),
        failure: view.failure,
      }
    },

    result: (jobId) => get('result', jobId, providerResultSchema),
  }
}
