import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseOrThrow } from '@licen/errors'
import {
  createLocalStorage,
  createZerogStorage,
  type Logger,
  type StorageAdapter,
  silentLogger,
} from '@licen/sdk'
import { type HttpServerLimits, serveHardened } from '@licen/sdk/http-server'
import { type Address, bytesToHex, createPublicClient, type Hex, http } from 'viem'
import { createChain } from './chain/createChain.js'
import {
  type OrchestratorConfig,
  type OrchestratorConfigInput,
  orchestratorConfigSchema,
} from './config/orchestratorConfig.js'
import type { Database } from './db/Database.js'
import { createJobStore } from './db/jobStore.js'
import { migrate } from './db/migrate.js'
import { openDatabase } from './db/openDatabase.js'
import { createDiscovery } from './discovery/createDiscovery.js'
import { createIndexerSource } from './discovery/createIndexerSource.js'
import { createLogSource } from './discovery/createLogSource.js'
import { errorCode, OrchestratorError } from './errors.js'
import { createApp } from './http/createApp.js'
import { advanceJob } from './jobs/advanceJob.js'
import { startWorker } from './jobs/createWorker.js'
import type { JobContext, StepBoundary } from './jobs/JobContext.js'
import { withProviderBreaker } from './jobs/withProviderBreaker.js'
import { createMetrics } from './metrics/createMetrics.js'
import { createProviderClient } from './provider/createProviderClient.js'
import { LOCAL_DEVNET_CHAIN_ID } from './provider/publicEndpoint.js'
import { createAttestationVerifier } from './release/createAttestationVerifier.js'
import { createManifestReader } from './release/createManifestReader.js'
import { createReleaseKeyRegistry } from './release/createReleaseKeyRegistry.js'
import { createReleaseKeys, type ReleaseKeys } from './release/createReleaseKeys.js'
import { loadReleaseKeyring } from './release/loadReleaseKeyring.js'
import { publishReleaseKeyEvidence } from './release/publishReleaseKeyEvidence.js'

/** Options that are code, not configuration. */
export type StartOrchestratorOptions = {
  /** Default: no logging. */
  log?: Logger | undefined
  /** Called at every step boundary of every job (fault injection, tracing). */
  onStep?: ((boundary: StepBoundary) => void) | undefined
  /** Unix seconds now (tests); default the clock. */
  now?: (() => number) | undefined
  /** The fetch used towards providers, the indexer and the PCCS (tests); default the global fetch. */
  fetch?: typeof fetch | undefined
  /** Time limits of the HTTP API's server (default `DEFAULT_HTTP_SERVER_LIMITS`: headers 10 s, whole request 30 s, keep-alive 5 s, idle socket 60 s). */
  httpLimits?: HttpServerLimits | undefined
}

/** A running orchestrator. */
export type Orchestrator = {
  /** Base URL of its HTTP API (`/health`, `/metrics`, `/v1/release-key`, `/v1/jobs/:jobId`). */
  url: string
  instance: string
  /** The orchestrator wallet. */
  address: Address
  /** The compressed release public key datasets seal their key envelopes to (the current version). */
  releasePublicKey: Hex
  /**
   * Resolves once the current release key is registered and Active on chain and jobs are being released; rejects
   * (`RELEASE_KEY_NOT_REGISTERED`, `RELEASE_KEY_REVOKED`) when that wait fails: the program then exits.
   */
  ready: Promise<void>
  /** Stops discovery, lets in-flight jobs reach a step boundary, releases their leases, closes everything. */
  stop: () => Promise<void>
}

/**
 * Starts an orchestrator: validates the config once, checks the chain, loads the release key, opens and
 * migrates the database, then discovers granted jobs and advances them (release, start, track, settle, fail)
 * while serving its HTTP API.
 */
export async function startOrchestrator(
  input: OrchestratorConfigInput,
  options: StartOrchestratorOptions = {},
): Promise<Orchestrator> {
  const config = parseConfig(input)
  const log = options.log ?? silentLogger
  const now = options.now ?? (() => Math.floor(Date.now() / 1000))
  const instance =
    config.instanceId ?? `orch-${bytesToHex(crypto.getRandomValues(new Uint8Array(4))).slice(2)}`
  const { timing } = config

  const chain = createChain({
    rpcUrl: config.chain.rpcUrl,
    chainId: config.chain.chainId,
    dataPolicy: config.chain.dataPolicy,
    privateKey: config.wallet.privateKey,
    timeoutMs: timing.requestTimeoutMs,
    receiptPollingMs: timing.receiptPollingMs,
    transactionTimeoutMs: timing.transactionTimeoutMs,
  })
  await chain.assertChain()
  let orchestratorRole: boolean | undefined
  try {
    orchestratorRole = await chain.isOrchestrator(chain.account.address)
    if (!orchestratorRole) {
      log.error('the wallet lacks the orchestrator role: startJob and markJobFailed will revert', {
        address: chain.account.address,
      })
    }
  } catch (error) {
    log.warn('could not check the orchestrator role', { code: errorCode(error) })
  }

  const verifier = createAttestationVerifier({
    policies: config.attestation.policies,
    pccsUrl: config.attestation.pccsUrl,
    collateralTtlSeconds: config.attestation.collateralTtlSeconds,
    timeoutMs: timing.requestTimeoutMs,
    devMockRootCa: config.attestation.devMockRootCa,
    fetch: options.fetch,
  })
  if (!verifier.has(config.attestation.defaultPolicyHash)) {
    throw new OrchestratorError('The default attestation policy is not among the configured policies.', {
      code: 'CONFIG_INVALID',
      details: config.attestation.defaultPolicyHash,
    })
  }
  const keyring = await loadReleaseKeyring(config.releaseKey, {
    chainId: config.chain.chainId,
    dataPolicy: config.chain.dataPolicy,
  })
  const storage = createStorage(config, chain.account)
  let releaseKeys: ReleaseKeys
  try {
    releaseKeys = createReleaseKeys({
      keyring,
      source: config.releaseKey.source,
      // Keys derived in the TEE publish their evidence in storage and wait for their on-chain registration; the
      // `env` key (unit tests only) has neither.
      evidenceRefs:
        config.releaseKey.source === 'dstack'
          ? await publishReleaseKeyEvidence({
              keyring,
              storage,
              collateral: (quote) => verifier.collateral(quote),
              now,
              timeoutMs: timing.requestTimeoutMs,
            })
          : new Map(),
      registry:
        config.releaseKey.source === 'dstack'
          ? createReleaseKeyRegistry({
              nextKeyId: () => chain.nextReleaseKeyId(),
              readKey: (keyId) => chain.readReleaseKey(keyId),
            })
          : undefined,
      timing,
      log,
    })
  } catch (error) {
    keyring.wipe()
    throw error
  }
  if (!releaseKeys.gated) {
    log.warn('release key from the environment: unit tests only (not attested, no on-chain registration)')
  }

  let db: Database | undefined
  try {
    db = await openDatabase(
      'dataDir' in config.database ? { dataDir: config.database.dataDir } : { url: config.database.url },
    )
    await migrate(db)
  } catch (error) {
    await db?.close().catch(() => {})
    keyring.wipe()
    if (error instanceof OrchestratorError) throw error
    throw new OrchestratorError('The database could not be migrated.', {
      code: 'DATABASE_UNAVAILABLE',
      cause: error,
    })
  }
  const store = withProviderBreaker(createJobStore({ db, instance, leaseSeconds: timing.leaseSeconds }), {
    policy: {
      failures: config.providers.breakerFailures,
      coolDownSeconds: config.providers.breakerCoolDownSeconds,
      maxCoolDownSeconds: config.providers.breakerMaxCoolDownSeconds,
    },
    log,
  })
  if (config.instanceId !== undefined) {
    // A configured id names one process: rows it still leases belong to its dead previous incarnation.
    const freed = await store.releaseOwn()
    if (freed > 0) log.info('took back leases of the previous run', { instance, count: freed })
  }
  const metrics = createMetrics(async (m) => {
    m.jobsByState.reset()
    for (const { stage, outcome, count } of await store.stageCounts()) {
      m.jobsByState.inc({ state: stage === 'done' ? `done:${outcome}` : stage }, count)
    }
  })

  const ctx: JobContext = {
    chainId: config.chain.chainId,
    dataPolicy: config.chain.dataPolicy,
    fromBlock: config.chain.fromBlock,
    defaultPolicyHash: config.attestation.defaultPolicyHash,
    timing,
    chain,
    store,
    providers: createProviderClient({
      account: chain.account,
      timeoutMs: timing.requestTimeoutMs,
      // Providers on loopback or private addresses only on the local devnet; elsewhere an endpoint registered on
      // chain must be public (anyone can register one, and the orchestrator must not post into its own network).
      allowPrivateEndpoints: config.chain.chainId === LOCAL_DEVNET_CHAIN_ID,
      fetch: options.fetch,
    }),
    verifier,
    manifests: createManifestReader({
      storage,
      timeoutMs: timing.requestTimeoutMs,
      readOwner: async (datasetRoot) => (await chain.readDataset(datasetRoot)).owner,
      readManifestAt: (datasetRoot, policyVersion) => chain.readManifestAt(datasetRoot, policyVersion),
    }),
    storage,
    releaseKeys,
    log,
    metrics,
    onStep: options.onStep,
    now,
  }
  const worker = startWorker({
    store,
    advance: (row, shouldStop) => advanceJob(ctx, row, shouldStop),
    maxConcurrentJobs: config.maxConcurrentJobs,
    maxJobsPerProvider: config.providers.maxJobsInFlight,
    workIntervalMs: timing.workIntervalMs,
    leaseSeconds: timing.leaseSeconds,
    log,
    metrics,
  })

  const discovery = createDiscovery({
    indexer: config.indexer
      ? createIndexerSource({
          graphqlUrl: config.indexer.graphqlUrl,
          timeoutMs: timing.requestTimeoutMs,
          fetch: options.fetch,
        })
      : undefined,
    logs: createLogSource({
      chain,
      store,
      fromBlock: config.chain.fromBlock,
      rangeBlocks: config.chain.logRangeBlocks,
    }),
    chain,
    store,
    maxLagBlocks: timing.indexerMaxLagBlocks,
    log,
    metrics,
  })
  let stopped = false
  let discoveryTimer: NodeJS.Timeout | undefined
  let discovering: Promise<void> = Promise.resolve()
  const discover = () => {
    discovering = discovery
      .round()
      .then((inserted) => {
        if (inserted.length > 0) worker.wake()
      })
      .catch((error) => log.warn('discovery round failed', { code: errorCode(error) }))
      .finally(() => {
        if (!stopped) discoveryTimer = setTimeout(discover, timing.discoveryIntervalMs)
      })
  }
  // What `GET /v1/release-key` says of each key's registration is read before it is first served.
  await releaseKeys
    .refresh()
    .catch((error) => log.warn('could not read the release key registry', { code: errorCode(error) }))
  // Nothing is discovered (so nothing released) before the current release key is registered and Active on
  // chain; each release also checks the key its dataset was sealed to (registered, not revoked).
  const waiting = new AbortController()
  let releaseKeyState: 'waiting' | 'active' | 'failed' = 'waiting'
  const ready = releaseKeys.waitUntilActive(waiting.signal).then(
    () => {
      releaseKeyState = 'active'
      if (!stopped) discover()
    },
    (error: unknown) => {
      releaseKeyState = 'failed'
      if (errorCode(error) !== 'STOPPED') {
        log.error('the release key is not usable: nothing will be released', {
          code: errorCode(error),
          details: (error as { details?: string }).details,
        })
      }
      throw error
    },
  )
  // Callers that ignore `ready` still see the failure in the log; no unhandled rejection.
  ready.catch(() => {})

  const app = createApp({
    store,
    metrics,
    releaseKeys,
    health: () => ({
      instance,
      address: chain.account.address,
      orchestratorRole,
      discovery: discovery.status(),
      inFlight: worker.inFlight(),
      tracking: worker.held(),
      releaseKey: releaseKeyState,
    }),
  })
  let server: Server
  try {
    server = await serveHardened(app, {
      host: config.http.host,
      port: config.http.port,
      limits: options.httpLimits,
    })
  } catch (error) {
    // Nothing may keep running when the start fails (a taken port, say).
    stopped = true
    waiting.abort()
    clearTimeout(discoveryTimer)
    await discovering
    await worker.stop()
    await db.close()
    keyring.wipe()
    throw new OrchestratorError('The HTTP API could not listen.', {
      code: 'CONFIG_INVALID',
      details: `${config.http.host}:${config.http.port} (${errorCode(error) === 'INTERNAL_ERROR' ? (error as Error).message : errorCode(error)})`,
    })
  }
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const url = `http://${host}:${address.port}`
  log.info('orchestrator started', {
    url,
    instance,
    address: chain.account.address,
    releasePublicKey: keyring.current.publicKey,
    releaseKeyVersion: keyring.current.version,
    releaseKeySource: config.releaseKey.source,
    database: db.kind,
    discovery: config.indexer ? 'indexer+logs' : 'logs',
  })

  let stopping: Promise<void> | undefined
  return {
    url,
    instance,
    address: chain.account.address,
    releasePublicKey: keyring.current.publicKey,
    ready,
    stop: () => {
      stopping ??= (async () => {
        stopped = true
        waiting.abort()
        clearTimeout(discoveryTimer)
        await discovering
        await worker.stop()
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        await db.close()
        keyring.wipe()
        log.info('orchestrator stopped', { instance })
      })()
      return stopping
    },
  }
}

function parseConfig(input: OrchestratorConfigInput): OrchestratorConfig {
  // Paths and messages only: values (keys, URLs with credentials) are never echoed.
  return parseOrThrow(
    orchestratorConfigSchema,
    input,
    (details) =>
      new OrchestratorError('The orchestrator configuration is invalid.', {
        code: 'CONFIG_INVALID',
        details,
      }),
  )
}

function createStorage(
  config: OrchestratorConfig,
  _account: ReturnType<typeof createChain>['account'],
): StorageAdapter {
  const storage = config.storage
  // Evidence objects and manifests are small: send each body in one piece rather than as a stream.
  if (storage.kind === 'local') {
    return createLocalStorage({
      url: storage.url,
      uploadToken: storage.uploadToken,
      timeoutMs: config.timing.requestTimeoutMs,
      workers: 0,
      streamingUploads: false,
    })
  }
  return createZerogStorage({
    indexerUrl: storage.indexerUrl,
    evmRpcUrl: storage.evmRpcUrl,
    flowAddress: storage.flowAddress,
    publicClient: createPublicClient({ transport: http(storage.evmRpcUrl) }),
    workers: 0,
  })
}
