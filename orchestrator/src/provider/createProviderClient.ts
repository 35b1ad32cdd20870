import { signProviderRequest } from '@licen/sdk'
import type { Address, Hex, LocalAccount } from 'viem'
import type { z } from 'zod'
import { OrchestratorError } from '../errors.js'
import {
  type AttestAnswer,
  attestAnswerSchema,
  errorAnswerSchema,
  jobViewSchema,
  type ProviderFailure,
  type ProviderJobView,
  type ProviderResult,
  resultViewSchema,
  startFailureSchema,
} from './providerSchemas.js'

/** Largest provider answer read (a quote, its event log and receipts fit well inside). */
export const MAX_PROVIDER_RESPONSE_BYTES = 4 * 1024 * 1024

/** What the key handover came to. */
export type StartOutcome =
  /** The provider accepted the key (202), or had already accepted it before (409 JOB_ALREADY_STARTED). */
  | { kind: 'accepted'; already: boolean }
  /** The provider refused the start and signed a failure report (422). */
  | { kind: 'failed'; failure: ProviderFailure }

/** Provider API v1, as the orchestrator calls it (signed POSTs, bounded answers, timeouts). */
export type ProviderClient = {
  attest: (
    endpoint: string,
    jobId: bigint,
    body: { nonce: Hex; chainId: number; dataPolicy: Address },
  ) => Promise<AttestAnswer>
  start: (
    endpoint: string,
    jobId: bigint,
    body: { sealedKey: Hex; spec: { datasetRoot: Hex; epochs: number; resultPubKey: Hex } },
  ) => Promise<StartOutcome>
  status: (endpoint: string, jobId: bigint) => Promise<ProviderJobView>
  result: (endpoint: string, jobId: bigint) => Promise<ProviderResult>
}

export type CreateProviderClientParameters = {
  /** The orchestrator wallet: signs every POST (`x-licen-*` headers). */
  account: Pick<LocalAccount, 'address' | 'signMessage'>
  timeoutMs: number
  fetch?: typeof fetch | undefined
}

type Answer = { status: number; json: unknown; path: string }

/** Creates the provider API client. Errors: PROVIDER_UNREACHABLE, PROVIDER_REFUSED (`providerCode`), PROVIDER_BAD_RESPONSE. */
export function createProviderClient(parameters: CreateProviderClientParameters): ProviderClient {
  const doFetch = parameters.fetch ?? globalThis.fetch.bind(globalThis)

  const target = (endpoint: string, path: string) => {
    let base: URL
    try {
      base = new URL(endpoint)
    } catch {
      throw new OrchestratorError('The provider endpoint is not a URL.', { code: 'PROVIDER_UNREACHABLE' })
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new OrchestratorError('The provider endpoint is not http(s).', { code: 'PROVIDER_UNREACHABLE' })
    }
    const url = new URL(`${base.pathname.replace(/\/+$/, '')}${path}`, base)
    return { url, path: url.pathname }
  }

  const request = async (endpoint: string, method: 'GET' | 'POST', path: string, body?: unknown) => {
    const { url, path: signedPath } = target(endpoint, path)
    const text = body === undefined ? undefined : JSON.stringify(body)
    const headers: Record<string, string> = { accept: 'application/json' }
    if (text !== undefined) {
      headers['content-type'] = 'application/json'
      Object.assign(
        headers,
        await signProviderRequest({ account: parameters.account, method, path: signedPath, body: text }),
      )
    }
    const signal = AbortSignal.timeout(parameters.timeoutMs)
    let response: Response
    try {
      response = await doFetch(url, { method, headers, body: text, signal, redirect: 'error' })
    } catch (cause) {
      throw new OrchestratorError('The provider could not be reached.', {
        code: 'PROVIDER_UNREACHABLE',
        details: `${method} ${signedPath}: ${signal.aborted ? 'timeout' : ((cause as Error)?.name ?? 'fetch failed')}`,
      })
    }
    return {
      status: response.status,
      json: await readJson(response, signedPath, signal),
      path: signedPath,
    } satisfies Answer
  }

  const refused = (answer: Answer) => {
    const parsed = errorAnswerSchema.safeParse(answer.json)
    const providerCode = parsed.success ? parsed.data.error.code : `HTTP_${answer.status}`
    return new OrchestratorError('The provider refused the request.', {
      code: 'PROVIDER_REFUSED',
      providerCode,
      details: `${answer.path}: HTTP ${answer.status} ${providerCode}`,
    })
  }

  const expect = <schema extends z.ZodType>(schema: schema, answer: Answer): z.output<schema> => {
    if (answer.status !== 200) throw refused(answer)
    return parse(schema, answer.json, answer.path)
  }

  return {
    async attest(endpoint, jobId, body) {
      const path = `/v1/jobs/${jobId}/attest`
      return expect(attestAnswerSchema, await request(endpoint, 'POST', path, body))
    },
    async start(endpoint, jobId, body) {
      const path = `/v1/jobs/${jobId}/start`
      const answer = await request(endpoint, 'POST', path, body)
      if (answer.status === 202) return { kind: 'accepted', already: false }
      if (answer.status === 422) {
        return { kind: 'failed', failure: parse(startFailureSchema, answer.json, answer.path).failure }
      }
      const error = refused(answer)
      if (answer.status === 409 && error.providerCode === 'JOB_ALREADY_STARTED') {
        return { kind: 'accepted', already: true }
      }
      throw error
    },
    async status(endpoint, jobId) {
      const path = `/v1/jobs/${jobId}`
      return expect(jobViewSchema, await request(endpoint, 'GET', path))
    },
    async result(endpoint, jobId) {
      const path = `/v1/jobs/${jobId}/result`
      return expect(resultViewSchema, await request(endpoint, 'GET', path))
    },
  }
}

function parse<schema extends z.ZodType>(schema: schema, json: unknown, path: string): z.output<schema> {
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    throw new OrchestratorError('The provider answered outside the API schema.', {
      code: 'PROVIDER_BAD_RESPONSE',
      details: `${path}: ${parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`)
        .join('; ')}`,
    })
  }
  return parsed.data
}

async function readJson(response: Response, path: string, signal: AbortSignal): Promise<unknown> {
  const bad = (details: string) =>
    new OrchestratorError('The provider answer is unusable.', {
      code: 'PROVIDER_BAD_RESPONSE',
      details: `${path}: ${details}`,
    })
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (declared > MAX_PROVIDER_RESPONSE_BYTES) {
    await response.body?.cancel()
    throw bad('too large')
  }
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    const reader = response.body?.getReader()
    for (let next = await reader?.read(); next && !next.done; next = await reader?.read()) {
      size += next.value.length
      if (size > MAX_PROVIDER_RESPONSE_BYTES) {
        await reader?.cancel()
        throw bad('too large')
      }
      chunks.push(next.value)
    }
  } catch (error) {
    if (error instanceof OrchestratorError) throw error
    throw new OrchestratorError('The provider could not be reached.', {
      code: 'PROVIDER_UNREACHABLE',
      details: `${path}: ${signal.aborted ? 'timeout' : 'connection lost'}`,
    })
  }
  if (size === 0) return undefined
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw bad('not JSON')
  }
}
