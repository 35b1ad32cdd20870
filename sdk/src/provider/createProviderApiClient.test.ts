import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { createReplayGuard } from '../requestAuth/createReplayGuard.js'
import { verifyProviderRequest } from '../requestAuth/verifyProviderRequest.js'
import { resultManifestJson } from '../testing/resultManifestJson.js'
import { createProviderApiClient } from './createProviderApiClient.js'
import type { ProviderApiFailure } from './ProviderApiFailure.js'
import { providerPath, providerRoutes } from './providerRoutes.js'

const account = privateKeyToAccount(`0x${'59'.repeat(32)}`)
const hex = (bytes: number, byte = 'ab') => `0x${byte.repeat(bytes)}` as const
const failure = { code: 'QUEUE_FULL', reason: hex(32, '51'), signature: hex(65, '1b') }
const attestAnswer = {
  quote: hex(600),
  eventLog: '[]',
  encPubKey: `0x02${'cd'.repeat(32)}` as const,
  signer: account.address,
  reportData: hex(64),
}
const attestBody = { nonce: hex(32), chainId: 31337, dataPolicy: hex(20, '11') }
const startBody = {
  sealedKey: hex(200),
  spec: { datasetRoot: hex(32), epochs: 1, resultPubKey: `0x02${'cd'.repeat(32)}` as const },
}
const manifest = resultManifestJson
const info = {
  version: 'licen/provider/v1',
  providerId: 1,
  chainId: 31337,
  dataPolicy: hex(20, '11'),
  identity: {
    composeHash: hex(32),
    appId: 'app',
    instanceId: 'instance',
    codeHash: hex(32),
    codeFiles: 12,
    baseModel: { id: 'tiny', sha256: hex(32), configSha256: hex(32) },
    trainer: 'embedded',
  },
  limits: { maxConcurrentJobs: 1 },
  jobs: { running: 0, queued: 0 },
}

/** A fetch answering `body` with `status` (a string as is), recording each request. */
const serving = (body: unknown, status = 200, headers: Record<string, string> = {}) => {
  const requests: { url: string; init: RequestInit }[] = []
  const fetch = (async (url: string, init: RequestInit) => {
    requests.push({ url, init })
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers })
  }) as typeof globalThis.fetch
  return { fetch, requests }
}
const client = (fetch: typeof globalThis.fetch, extra: { maxBytes?: number; timeoutMs?: number } = {}) =>
  createProviderApiClient({ endpoint: 'http://provider.test/prefix/', account, fetch, ...extra })
/** The failure the client describes, instead of the default error. */
const failureOf = (
  fetch: typeof globalThis.fetch,
  call: (c: ReturnType<typeof client>) => Promise<unknown>,
  extra: { maxBytes?: number; endpoint?: string } = {},
) =>
  call(
    createProviderApiClient({
      endpoint: 'http://provider.test/prefix/',
      account,
      fetch,
      timeoutMs: 50,
      mapError: (described) => ({ described }),
      ...extra,
    }),
  ).then(
    () => undefined,
    (error: { described: ProviderApiFailure }) => error.described,
  )

describe('providerRoutes', () => {
  test('default', () => {
    expect(Object.values(providerRoutes).map(({ method, path }) => `${method} ${path}`)).toEqual([
      'GET /v1/info',
      'POST /v1/jobs/:jobId/attest',
      'POST /v1/jobs/:jobId/start',
      'GET /v1/jobs/:jobId',
      'GET /v1/jobs/:jobId/result',
      'GET /metrics',
    ])
    expect(providerPath('attest', 12n)).toBe('/v1/jobs/12/attest')
    expect(providerPath('info')).toBe('/v1/info')
    expect(() => providerPath('job')).toThrow('route job needs a job id')
  })
})

describe('createProviderApiClient', () => {
  test('default: signed POSTs under the endpoint path, validated answers', async () => {
    const { fetch, requests } = serving(attestAnswer)
    expect(await client(fetch).attest(7n, attestBody)).toEqual(attestAnswer)
    const [{ url, init }] = requests as [{ url: string; init: RequestInit }]
    expect(url).toBe('http://provider.test/prefix/v1/jobs/7/attest')
    expect(init.method).toBe('POST')
    const signer = await verifyProviderRequest({
      method: 'POST',
      path: '/prefix/v1/jobs/7/attest',
      body: new TextEncoder().encode(init.body as string),
      headers: new Headers(init.headers),
      isOrchestrator: async () => true,
      replayGuard: createReplayGuard(),
    })
    expect(signer).toBe(account.address)
  })

  test('behavior: GETs are not signed; info and result validated', async () => {
    const served = serving(info)
    expect(await client(served.fetch).info()).toEqual(info)
    expect(served.requests[0]!.url).toBe('http://provider.test/prefix/v1/info')
    expect(new Headers(served.requests[0]!.init.headers).has('x-licen-signature')).toBe(false)
    const result = serving({ manifest, signature: hex(65, '1c'), signer: account.address })
    expect(await client(result.fetch).result(7n)).toEqual({
      manifest: { ...manifest, jobId: 7n },
      signature: hex(65, '1c'),
    })
  })

  test('behavior: start outcomes', async () => {
    const start = (body: unknown, status: number) => client(serving(body, status).fetch).start(7n, startBody)
    expect(await start({ jobId: '7', status: { state: 'SettingUp' } }, 202)).toEqual({
      kind: 'accepted',
      already: false,
    })
    expect(await start({ error: { code: 'JOB_ALREADY_STARTED', message: 'x' } }, 409)).toEqual({
      kind: 'accepted',
      already: true,
    })
    expect(await start({ error: { code: 'QUEUE_FULL' }, failure, job: {} }, 422)).toEqual({
      kind: 'failed',
      failure,
    })
    await expect(start({ error: { code: 'JOB_NOT_ATTESTED', message: 'x' } }, 409)).rejects.toMatchObject({
      code: 'PROVIDER_BAD_RESPONSE',
      shortMessage: 'The provider node refused the start request.',
      details: 'HTTP 409',
    })
  })

  test('error: an unexpected status', async () => {
    const { fetch } = serving({ error: { code: 'JOB_NOT_GRANTED', message: 'no' } }, 409)
    expect(await failureOf(fetch, (c) => c.attest(3n, attestBody))).toEqual({
      route: 'attest',
      method: 'POST',
      path: '/prefix/v1/jobs/3/attest',
      jobId: 3n,
      status: 409,
      accepted: false,
      kind: 'status',
      providerCode: 'JOB_NOT_GRANTED',
    })
    const html = serving('<html>bad gateway</html>', 502)
    expect(await failureOf(html.fetch, (c) => c.job(3n))).toMatchObject({ kind: 'notJson', status: 502 })
    await expect(client(html.fetch).job(3n)).rejects.toMatchObject({
      code: 'PROVIDER_BAD_RESPONSE',
      shortMessage: 'The provider node refused the status request.',
      details: 'HTTP 502',
    })
    await expect(client(serving({}, 404).fetch).result(3n)).rejects.toMatchObject({
      code: 'PROVIDER_JOB_NOT_FOUND',
      shortMessage: 'The provider node does not know this job.',
      details: 'job 3',
    })
  })

  test('error: a schema violation', async () => {
    const { fetch } = serving({ ...attestAnswer, quote: 'not hex' })
    expect(await failureOf(fetch, (c) => c.attest(2n, attestBody))).toMatchObject({
      kind: 'schema',
      status: 200,
      accepted: true,
      issues: [{ path: ['quote'], message: 'Invalid string: must match pattern /^0x([0-9a-fA-F]{2})+$/' }],
    })
    await expect(client(fetch).attest(2n, attestBody)).rejects.toMatchObject({
      code: 'PROVIDER_BAD_RESPONSE',
      shortMessage: 'The provider node answered out of the API shape.',
      details: 'quote: Invalid string: must match pattern /^0x([0-9a-fA-F]{2})+$/',
    })
    const other = serving({ manifest: { ...manifest, actualEpochs: 70_000 }, signature: hex(65) })
    await expect(client(other.fetch).result(7n)).rejects.toMatchObject({
      code: 'PROVIDER_BAD_RESPONSE',
      details: 'manifest.actualEpochs: Too big: expected number to be <=65535',
    })
  })

  test('error: a body over the cap', async () => {
    const streamed = serving({ ...attestAnswer, eventLog: 'x'.repeat(2_000) })
    expect(
      await failureOf(streamed.fetch, (c) => c.attest(4n, attestBody), { maxBytes: 1_000 }),
    ).toMatchObject({
      kind: 'tooLarge',
      status: 200,
      accepted: true,
      maxBytes: 1_000,
      declaredBytes: undefined,
    })
    await expect(client(streamed.fetch, { maxBytes: 1_000 }).attest(4n, attestBody)).rejects.toMatchObject({
      code: 'PROVIDER_BAD_RESPONSE',
      shortMessage: 'The provider node answer is too large.',
      details: 'more than 1000 bytes',
    })
    const declared = serving('{}', 200, { 'content-length': '5000' })
    await expect(client(declared.fetch, { maxBytes: 1_000 }).job(4n)).rejects.toMatchObject({
      code: 'PROVIDER_BAD_RESPONSE',
      details: '5000 bytes, at most 1000',
    })
  })

  test('error: a timeout', async () => {
    const hang = ((_: string, init: RequestInit) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason))
      })) as typeof fetch
    expect(await failureOf(hang, (c) => c.attest(5n, attestBody))).toMatchObject({
      kind: 'unreachable',
      phase: 'request',
      timedOut: true,
      path: '/prefix/v1/jobs/5/attest',
    })
    await expect(client(hang, { timeoutMs: 20 }).job(5n)).rejects.toMatchObject({
      code: 'PROVIDER_UNREACHABLE',
      shortMessage: 'The provider node could not be reached.',
      details: 'job 5',
    })
    // An answer whose body never ends times out too.
    const trickle = (async () =>
      new Response(
        new ReadableStream({
          start: (controller) => controller.enqueue(new TextEncoder().encode('{')),
        }),
      )) as typeof fetch
    expect(await failureOf(trickle, (c) => c.job(5n))).toMatchObject({
      kind: 'unreachable',
      phase: 'body',
      timedOut: true,
      status: 200,
    })
  })

  test('error: the endpoint', async () => {
    const { fetch, requests } = serving(info)
    expect(await failureOf(fetch, (c) => c.info(), { endpoint: 'file:///etc/passwd' })).toEqual({
      route: 'info',
      method: 'GET',
      path: 'file:///etc/passwd',
      jobId: undefined,
      kind: 'endpoint',
      reason: 'not http(s)',
    })
    await expect(
      createProviderApiClient({ endpoint: 'file:///etc/passwd', fetch }).info(),
    ).rejects.toMatchObject({ code: 'PROVIDER_UNREACHABLE', details: 'GET file:///etc/passwd' })
    await expect(createProviderApiClient({ endpoint: 'not a url', fetch }).job(1n)).rejects.toMatchObject({
      code: 'PROVIDER_UNREACHABLE',
      details: 'job 1',
    })
    await expect(
      createProviderApiClient({ endpoint: 'http://p', fetch }).attest(1n, attestBody),
    ).rejects.toMatchObject({ code: 'PROVIDER_ACCOUNT_MISSING' })
    expect(requests).toEqual([])
  })
})
