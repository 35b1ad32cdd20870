// A fast provider speaking provider API v1 for tests and the benchmark: signed-request auth (sdk), per-job
// secp256k1 keys, genuine dev-TEE quotes bound with the sdk's report_data, real EIP-712 signatures, and the
// sealed key actually opened. Training is skipped: a job "finishes" (or fails, or hangs) as the test says.
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { DevTee } from '@licen/attestation-policy/dev-tee'
import {
  createReplayGuard,
  dataPolicyDomain,
  encodeFailureReason,
  openJobKey,
  readJob,
  reportData,
  signFailureReport,
  signResultManifest,
  verifyProviderRequest,
} from '@licen/sdk'
import { secp256k1 } from '@noble/curves/secp256k1'
import { Hono } from 'hono'
import { type Address, bytesToHex, createPublicClient, type Hex, http, keccak256, stringToHex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'

/** What the fake provider does with a job. */
export type Behaviour =
  /** Attest, accept the key, report Finished with a signed manifest for all epochs. */
  | 'finish'
  /** Accept the key, then report a signed failure (TRAINING_FAILED). */
  | 'fail'
  /** Refuse the start with a signed failure (HTTP 422). */
  | 'refuseStart'
  /** Quote over other report data: the evidence fails the policy. */
  | 'badQuote'
  /** Accept the key and train forever. */
  | 'hang'
  /** Answer nothing about the job after the start (as if it restarted and lost it). */
  | 'forget'

type JobState = {
  encKey: Uint8Array
  encPubKey: Hex
  signer: ReturnType<typeof privateKeyToAccount>
  nonces: Set<string>
  started: boolean
  startedAt: number
  attestationRef: Hex | undefined
  epochs: number
  datasetRoot: Hex
}

export type FakeProvider = {
  url: string
  /** Every attest request accepted: job, orchestrator address, nonce. */
  attests: { jobId: bigint; orchestrator: Address; nonce: Hex }[]
  /** Every start request: job, orchestrator, the per-job key it was sealed to, and the dataset key it opened to. */
  starts: {
    jobId: bigint
    orchestrator: Address
    encPubKey: Hex
    signer: Address
    openedKey: Hex | undefined
  }[]
  /** Behaviour per job (default `finish`). */
  behaviour: Map<bigint, Behaviour>
  /** Signer of a job's per-job key, once attested. */
  signerOf: (jobId: bigint) => Address | undefined
  close: () => Promise<void>
}

export type StartFakeProviderParameters = {
  rpcUrl: string
  chainId: number
  dataPolicy: Address
  tee: DevTee
  /** Answer every request with 503 (a provider that is down but listening). */
  down?: boolean | undefined
  /** Open each sealed key (default true); the benchmark turns it off so the provider's CPU does not compete. */
  openKeys?: boolean | undefined
  /** How long a `finish` job reports Training before Finished (default 0). */
  trainMs?: number | undefined
}

/** Starts a fake provider on a free port. */
export async function startFakeProvider(parameters: StartFakeProviderParameters): Promise<FakeProvider> {
  const client = createPublicClient({ transport: http(parameters.rpcUrl) })
  const domain = dataPolicyDomain({ chainId: parameters.chainId, verifyingContract: parameters.dataPolicy })
  const jobs = new Map<bigint, JobState>()
  const replayGuard = createReplayGuard()
  const attests: FakeProvider['attests'] = []
  const starts: FakeProvider['starts'] = []
  const behaviour = new Map<bigint, Behaviour>()
  const { dataPolicyAbi } = await import('@licen/sdk')
  const isOrchestrator = (address: Address) =>
    client.readContract({
      address: parameters.dataPolicy,
      abi: dataPolicyAbi,
      functionName: 'isOrchestrator',
      args: [address],
    })

  const app = new Hono()
  const authed = async (request: Request) => {
    const body = new Uint8Array(await request.arrayBuffer())
    const url = new URL(request.url)
    const orchestrator = await verifyProviderRequest({
      method: request.method,
      path: url.pathname + url.search,
      body,
      headers: request.headers,
      isOrchestrator,
      replayGuard,
    })
    return { orchestrator, json: JSON.parse(new TextDecoder().decode(body)) as Record<string, unknown> }
  }
  const error = (code: string, status: number) =>
    Response.json({ error: { code, message: code } }, { status })
  const failure = async (jobId: bigint, job: JobState, code: string) => {
    const reason = encodeFailureReason(code)
    return {
      code,
      reason,
      signature: await signFailureReport({ signer: job.signer, domain, report: { jobId, reason } }),
    }
  }

  app.use('*', async (_c, next) => {
    if (parameters.down) return error('SHUTTING_DOWN', 503)
    await next()
  })

  app.post('/v1/jobs/:jobId/attest', async (c) => {
    const jobId = BigInt(c.req.param('jobId'))
    const { orchestrator, json } = await authed(c.req.raw).catch(() => ({
      orchestrator: undefined,
      json: {},
    }))
    if (!orchestrator) return error('REQUEST_AUTH_BAD_SIGNATURE', 401)
    const chainJob = await readJob(client, { address: parameters.dataPolicy, jobId })
    if (chainJob.stateName !== 'Granted') return error('JOB_NOT_GRANTED', 409)
    let job = jobs.get(jobId)
    if (!job) {
      const encKey = secp256k1.utils.randomSecretKey()
      job = {
        encKey,
        encPubKey: bytesToHex(secp256k1.getPublicKey(encKey, true)),
        signer: privateKeyToAccount(generatePrivateKey()),
        nonces: new Set(),
        started: false,
        startedAt: 0,
        attestationRef: undefined,
        epochs: chainJob.epochs,
        datasetRoot: chainJob.datasetRoot,
      }
      jobs.set(jobId, job)
    }
    const nonce = json.nonce as Hex
    if (job.nonces.has(nonce)) return error('NONCE_REUSED', 409)
    job.nonces.add(nonce)
    attests.push({ jobId, orchestrator, nonce })
    const binding = reportData({
      chainId: parameters.chainId,
      dataPolicy: parameters.dataPolicy,
      jobId,
      nonce: behaviour.get(jobId) === 'badQuote' ? bytesToHex(new Uint8Array(32)) : nonce,
      encPubKey: job.encPubKey,
      signer: job.signer.address,
    })
    const quote = parameters.tee.quote(binding)
    return c.json({
      quote: bytesToHex(quote.quote),
      eventLog: quote.eventLog,
      encPubKey: job.encPubKey,
      signer: job.signer.address,
      reportData: bytesToHex(binding),
    })
  })

  app.post('/v1/jobs/:jobId/start', async (c) => {
    const jobId = BigInt(c.req.param('jobId'))
    const { orchestrator, json } = await authed(c.req.raw).catch(() => ({
      orchestrator: undefined,
      json: {},
    }))
    if (!orchestrator) return error('REQUEST_AUTH_BAD_SIGNATURE', 401)
    const job = jobs.get(jobId)
    if (!job) return error('JOB_NOT_ATTESTED', 409)
    const chainJob = await readJob(client, { address: parameters.dataPolicy, jobId })
    let openedKey: Hex | undefined = parameters.openKeys === false ? (json.sealedKey as Hex) : undefined
    if (parameters.openKeys !== false)
      try {
        openedKey = bytesToHex(
          openJobKey({
            chainId: parameters.chainId,
            contract: parameters.dataPolicy,
            jobId,
            datasetRoot: chainJob.datasetRoot,
            providerPrivateKey: job.encKey,
            envelope: json.sealedKey as Hex,
          }),
        )
      } catch {
        openedKey = undefined
      }
    starts.push({ jobId, orchestrator, encPubKey: job.encPubKey, signer: job.signer.address, openedKey })
    if (job.started) return error('JOB_ALREADY_STARTED', 409)
    if (chainJob.stateName !== 'Running' || chainJob.enclaveSigner !== job.signer.address || !openedKey) {
      return error('JOB_NOT_RUNNING', 409)
    }
    job.started = true
    job.startedAt = Date.now()
    job.attestationRef = chainJob.attestationRef
    if (behaviour.get(jobId) === 'refuseStart') {
      return c.json({ error: { code: 'QUEUE_FULL' }, failure: await failure(jobId, job, 'QUEUE_FULL') }, 422)
    }
    return c.json({ jobId: String(jobId), status: { state: 'SettingUp', queued: false } }, 202)
  })

  app.get('/v1/jobs/:jobId', async (c) => {
    const jobId = BigInt(c.req.param('jobId'))
    const job = jobs.get(jobId)
    const mode = behaviour.get(jobId) ?? 'finish'
    if (!job || (mode === 'forget' && job.started)) return error('JOB_NOT_FOUND', 404)
    const view = { jobId: String(jobId), signer: job.signer.address, encPubKey: job.encPubKey, receipts: [] }
    if (!job.started) return c.json({ ...view, status: { state: 'Init' } })
    if (mode === 'fail' || mode === 'refuseStart') {
      const code = mode === 'fail' ? 'TRAINING_FAILED' : 'QUEUE_FULL'
      return c.json({ ...view, status: { state: 'Failed', code }, failure: await failure(jobId, job, code) })
    }
    if (mode === 'hang' || Date.now() - job.startedAt < (parameters.trainMs ?? 0))
      return c.json({ ...view, status: { state: 'Training', epoch: 1, step: 1, totalSteps: 9, loss: 1 } })
    return c.json({ ...view, status: { state: 'Finished' } })
  })

  app.get('/v1/jobs/:jobId/result', async (c) => {
    const jobId = BigInt(c.req.param('jobId'))
    const job = jobs.get(jobId)
    if (!job?.started || (behaviour.get(jobId) ?? 'finish') !== 'finish')
      return error('RESULT_NOT_READY', 409)
    const manifest = {
      jobId,
      datasetRoot: job.datasetRoot,
      resultRoot: keccak256(stringToHex(`result ${jobId}`)),
      codeHash: keccak256(stringToHex('fake provider')),
      attestationRef: job.attestationRef!,
      actualEpochs: job.epochs,
      receiptsHead: keccak256(stringToHex(`receipts ${jobId}`)),
    }
    const signature = await signResultManifest({ signer: job.signer, domain, manifest })
    return c.json({ manifest: { ...manifest, jobId: String(jobId) }, signature, signer: job.signer.address })
  })

  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    attests,
    starts,
    behaviour,
    signerOf: (jobId) => jobs.get(jobId)?.signer.address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
      }),
  }
}
