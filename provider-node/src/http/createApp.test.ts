import {
  createReplayGuard,
  encryptLcn1,
  sealJobKey,
  signProviderRequest,
  silentLogger,
  verifyProviderRequest,
} from '@licen/sdk'
import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, type Hex, keccak256, slice, zeroAddress } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import {
  CHAIN_ID,
  DATA_POLICY,
  echoTee,
  fakeChain,
  fakeEnvironment,
  memoryStorage,
} from '../../test/fakes.js'
import { createJobService } from '../jobs/createJobService.js'
import { createApp } from './createApp.js'

// anvil accounts #0 (orchestrator) and #1 (not one)
const orchestrator = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80')
const stranger = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const resultPubKey = bytesToHex(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true))
const nonce = `0x${'01'.repeat(32)}` as Hex
const hash = `0x${'ab'.repeat(32)}` as Hex
/** A `GET /v1/info` document (the server serves whatever its node gives it). */
const info = {
  version: 'licen/provider/v1',
  providerId: 1,
  chainId: CHAIN_ID,
  dataPolicy: DATA_POLICY,
  identity: {
    composeHash: hash,
    appId: 'app',
    instanceId: 'instance',
    osImageHash: undefined,
    codeHash: hash,
    codeFiles: 3,
    baseModel: { id: 'tiny', sha256: hash, configSha256: hash },
    trainer: 'embedded',
  },
  limits: { maxConcurrentJobs: 1 },
  jobs: { running: 0, queued: 0 },
} as const

async function setup() {
  const chain = fakeChain()
  chain.orchestrators.add(orchestrator.address.toLowerCase())
  const storage = memoryStorage()
  const env = fakeEnvironment({ storage })
  const jobs = createJobService({
    env,
    chain,
    tee: echoTee(),
    providerId: 1,
    limits: {
      maxConcurrentJobs: 1,
      maxQueuedJobs: 2,
      maxPendingJobs: 4,
      maxPendingPerRequester: 1,
      maxPendingPerDataset: 2,
      pendingTtlSeconds: 60,
      maxRetainedJobs: 8,
    },
  })
  const replayGuard = createReplayGuard()
  const app = createApp({
    jobs,
    metrics: env.metrics,
    log: silentLogger,
    maxBodyBytes: 4096,
    info: () => info,
    verify: (request) =>
      verifyProviderRequest({ ...request, isOrchestrator: chain.isOrchestrator, replayGuard }),
  })
  const key = crypto.getRandomValues(new Uint8Array(32))
  const { root: datasetRoot } = await storage.upload(
    await encryptLcn1(new TextEncoder().encode('{"text":"hello"}\n'), { key }),
  )
  chain.jobs.set(1n, {
    jobId: 1n,
    datasetRoot,
    requester: zeroAddress,
    deadline: Math.floor(Date.now() / 1000) + 3600,
    providerId: 1,
    epochs: 1,
    state: 'Granted',
    enclaveSigner: zeroAddress,
    resultKeyTag: slice(keccak256(resultPubKey), 0, 12),
    attestationRef: `0x${'00'.repeat(32)}`,
  })
  /** Sends a request signed by `account` (pass `null` for unsigned). */
  const post = async (
    path: string,
    body: unknown,
    account: typeof orchestrator | null = orchestrator,
    headers = {},
  ) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    const auth = account ? await signProviderRequest({ account, method: 'POST', path, body: text }) : {}
    return app.request(path, {
      method: 'POST',
      body: text,
      headers: { 'content-type': 'application/json', ...auth, ...headers },
    })
  }
  return { app, chain, jobs, key, datasetRoot, post }
}

const attestBody = { nonce, chainId: CHAIN_ID, dataPolicy: DATA_POLICY }

describe('createApp', () => {
  test('default', async () => {
    const { app, chain, post, key, datasetRoot } = await setup()
    const attested = await post('/v1/jobs/1/attest', attestBody)
    expect(attested.status).toBe(200)
    const answer = (await attested.json()) as {
      quote: Hex
      encPubKey: Hex
      signer: Hex
      eventLog: string
      reportData: Hex
    }
    expect(Object.keys(answer).sort()).toEqual(['encPubKey', 'eventLog', 'quote', 'reportData', 'signer'])
    expect(attested.headers.get('access-control-allow-origin')).toBeNull()
    chain.jobs.set(1n, { ...chain.jobs.get(1n)!, state: 'Running', enclaveSigner: answer.signer })
    const sealedKey = bytesToHex(
      sealJobKey({
        chainId: CHAIN_ID,
        contract: DATA_POLICY,
        jobId: 1n,
        datasetRoot,
        providerPublicKey: answer.encPubKey,
        key,
      }),
    )
    const started = await post('/v1/jobs/1/start', {
      sealedKey,
      spec: { datasetRoot, epochs: 1, resultPubKey },
    })
    expect(started.status).toBe(202)
    let view: { status: { state: string } } = { status: { state: '' } }
    for (let i = 0; i < 200 && view.status.state !== 'Finished'; i++) {
      const response = await app.request('/v1/jobs/1')
      expect(response.headers.get('access-control-allow-origin')).toBe('*')
      view = (await response.json()) as typeof view
      await new Promise((r) => setTimeout(r, 10))
    }
    expect(view.status).toEqual({ state: 'Finished' })
    const result = await app.request('/v1/jobs/1/result')
    expect(result.status).toBe(200)
    expect(((await result.json()) as { signer: Hex }).signer).toBe(answer.signer)
  })

  test('behavior: info and CORS preflight', async () => {
    const { app } = await setup()
    const answer = await app.request('/v1/info')
    expect(await answer.json()).toEqual(JSON.parse(JSON.stringify(info)))
    expect(answer.headers.get('access-control-allow-origin')).toBe('*')
    const preflight = await app.request('/v1/jobs/1', { method: 'OPTIONS' })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, OPTIONS')
  })

  test('behavior: metrics in Prometheus text', async () => {
    const { app, post } = await setup()
    await post('/v1/jobs/1/attest', attestBody)
    await app.request('/nope')
    const response = await app.request('/metrics')
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    const text = await response.text()
    expect(text).toContain(
      'licen_provider_http_requests_total{method="POST",route="/v1/jobs/:jobId/attest",status="200"} 1\n',
    )
    expect(text).toContain(
      'licen_provider_http_requests_total{method="GET",route="unmatched",status="404"} 1\n',
    )
    expect(text).toContain('licen_provider_attestations_total{outcome="quoted"} 1\n')
  })

  test.each([
    ['unsigned', null, 401, 'REQUEST_AUTH_MISSING'],
    ['signed by a non-orchestrator', stranger, 403, 'REQUEST_AUTH_NOT_ORCHESTRATOR'],
  ] as const)('error: %s request', async (_, account, status, code) => {
    const { post } = await setup()
    const response = await post('/v1/jobs/1/attest', attestBody, account)
    expect(response.status).toBe(status)
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code)
  })

  test('error: replayed request', async () => {
    const { app, post } = await setup()
    const path = '/v1/jobs/1/attest'
    const body = JSON.stringify(attestBody)
    const headers = {
      'content-type': 'application/json',
      ...(await signProviderRequest({ account: orchestrator, method: 'POST', path, body })),
    }
    expect((await app.request(path, { method: 'POST', body, headers })).status).toBe(200)
    const again = await app.request(path, { method: 'POST', body, headers })
    expect(again.status).toBe(401)
    expect(await again.json()).toEqual({
      error: { code: 'REQUEST_AUTH_REPLAYED', message: 'This signed request was already used.' },
    })
    expect(post).toBeTypeOf('function')
  })

  test.each([
    ['not JSON', '{', 400, 'INVALID_REQUEST'],
    ['an unknown field', { ...attestBody, extra: 1 }, 400, 'INVALID_REQUEST'],
    ['a short nonce', { ...attestBody, nonce: '0x01' }, 400, 'INVALID_REQUEST'],
    ['another chain', { ...attestBody, chainId: 1 }, 400, 'CHAIN_MISMATCH'],
    ['a body over the limit', { ...attestBody, pad: 'x'.repeat(5000) }, 413, 'BODY_TOO_LARGE'],
  ])('error: attest with %s', async (_, body, status, code) => {
    const { post } = await setup()
    const response = await post('/v1/jobs/1/attest', body)
    expect([response.status, ((await response.json()) as { error: { code: string } }).error.code]).toEqual([
      status,
      code,
    ])
  })

  test('error: pending caps per requester and per dataset answer 503 with their codes', async () => {
    const { chain, post } = await setup()
    const job = chain.jobs.get(1n)!
    const requesters = [job.requester, `0x${'b0'.repeat(20)}`, `0x${'c3'.repeat(20)}`] as const
    for (const [jobId, requester] of [
      [2n, requesters[0]],
      [3n, requesters[1]],
      [4n, requesters[2]],
    ] as const) {
      chain.jobs.set(jobId, { ...job, jobId, requester })
    }
    const answers = []
    for (const jobId of [1, 2, 3, 4]) {
      const response = await post(`/v1/jobs/${jobId}/attest`, attestBody)
      answers.push([response.status, ((await response.json()) as { error?: { code: string } }).error?.code])
    }
    expect(answers).toEqual([
      [200, undefined],
      [503, 'TOO_MANY_PENDING_FOR_REQUESTER'],
      [200, undefined],
      [503, 'TOO_MANY_PENDING_FOR_DATASET'],
    ])
  })

  test('error: wrong content type, bad job id, unknown job, unknown route', async () => {
    const { app, post } = await setup()
    const text = await post('/v1/jobs/1/attest', attestBody, orchestrator, { 'content-type': 'text/plain' })
    expect(text.status).toBe(415)
    expect((await post('/v1/jobs/01/attest', attestBody)).status).toBe(400)
    expect((await app.request('/v1/jobs/-1')).status).toBe(400)
    expect((await app.request(`/v1/jobs/${2n ** 256n}`)).status).toBe(400)
    expect((await app.request('/v1/jobs/7')).status).toBe(404)
    expect(await (await app.request('/v1/nothing')).json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'No such route.' },
    })
  })

  test('error: start without attest, then a start that fails returns its signed failure', async () => {
    const { post, chain, datasetRoot } = await setup()
    const spec = { datasetRoot, epochs: 1, resultPubKey }
    const early = await post('/v1/jobs/1/start', { sealedKey: '0x02', spec })
    expect([early.status, ((await early.json()) as { error: { code: string } }).error.code]).toEqual([
      409,
      'JOB_NOT_ATTESTED',
    ])
    const answer = (await (await post('/v1/jobs/1/attest', attestBody)).json()) as { signer: Hex }
    chain.jobs.set(1n, { ...chain.jobs.get(1n)!, state: 'Running', enclaveSigner: answer.signer })
    const failed = await post('/v1/jobs/1/start', { sealedKey: '0x00', spec })
    expect(failed.status).toBe(422)
    const body = (await failed.json()) as {
      error: { code: string }
      failure: { code: string; signature: Hex }
    }
    expect(body.error.code).toBe('ENVELOPE_MALFORMED')
    expect(body.failure.code).toBe('ENVELOPE_MALFORMED')
    const again = await post('/v1/jobs/1/start', { sealedKey: '0x01', spec })
    expect(again.status).toBe(409)
  })

  test('error: result not ready', async () => {
    const { app, post } = await setup()
    await post('/v1/jobs/1/attest', attestBody)
    const response = await app.request('/v1/jobs/1/result')
    expect([response.status, ((await response.json()) as { error: { code: string } }).error.code]).toEqual([
      409,
      'RESULT_NOT_READY',
    ])
  })
})
