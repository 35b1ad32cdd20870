import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import {
  createReplayGuard,
  dataPolicyDomain,
  type Logger,
  type StorageAdapter,
  silentLogger,
  verifyProviderRequest,
} from '@licen/sdk'
import { type HttpServerLimits, serveHardened } from '@licen/sdk/http-server'
import { PROVIDER_JOB_STATES } from '@licen/sdk/provider-api'
import type { Address } from 'viem'
import { createChainReader } from './chain/createChainReader.js'
import { parseProviderNodeOptions } from './config/parseProviderNodeOptions.js'
import type { ProviderNodeOptionsInput } from './config/providerNodeOptions.js'
import { createApp } from './http/createApp.js'
import { computeCodeHash } from './identity/computeCodeHash.js'
import type { ImageIdentity } from './identity/ImageIdentity.js'
import { readBaseModelIdentity } from './identity/readBaseModelIdentity.js'
import { createJobService } from './jobs/createJobService.js'
import { createProviderMetrics } from './metrics/createProviderMetrics.js'
import { createTeeClient } from './tee/createTeeClient.js'
import { createEmbeddedTrainer } from './trainer/embedded/createEmbeddedTrainer.js'
import { EMBEDDED_BASE_MODEL } from './trainer/embedded/embeddedBaseModel.js'
import type { HyperparametersInput } from './trainer/hyperparameters.js'
import type { BaseModelRef, Trainer } from './trainer/Trainer.js'

/** Everything a provider node needs: plain options (validated) plus the storage, trainer and logger to use. */
export type StartProviderNodeParameters = ProviderNodeOptionsInput & {
  /** Where datasets are downloaded from and results uploaded to. */
  storage: StorageAdapter
  /** Default: the embedded tfjs/wasm LoRA trainer. */
  trainer?: Trainer | undefined
  /** Default: the embedded tiny Llama shipped in `provider-node/model/`. */
  baseModel?: BaseModelRef | undefined
  hyperparameters?: HyperparametersInput | undefined
  /** Default: no logging. */
  log?: Logger | undefined
  /** Time limits of the HTTP server (default `DEFAULT_HTTP_SERVER_LIMITS`: headers 10 s, whole request 30 s, keep-alive 5 s, idle socket 60 s). */
  httpLimits?: HttpServerLimits | undefined
}

/** A running provider node. */
export type ProviderNode = {
  /** Base URL of its HTTP API. */
  url: string
  identity: ImageIdentity
  /**
   * Ends running jobs as signed `PROVIDER_SHUTDOWN` failures, serves status queries for `shutdownGraceMs` more so
   * their failure reports can be fetched, then closes the server.
   */
  stop: () => Promise<void>
}

const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Starts a provider node: checks the chain, reads its TEE and image identity, and serves the provider API v1
 * (attest, start, status, result, metrics).
 */
export async function startProviderNode(parameters: StartProviderNodeParameters): Promise<ProviderNode> {
  const {
    storage,
    trainer = createEmbeddedTrainer(),
    baseModel = EMBEDDED_BASE_MODEL,
    log = silentLogger,
  } = parameters
  const options = parseProviderNodeOptions({
    host: parameters.host,
    port: parameters.port,
    rpcUrl: parameters.rpcUrl,
    chainId: parameters.chainId,
    dataPolicy: parameters.dataPolicy,
    providerId: parameters.providerId,
    dstackEndpoint: parameters.dstackEndpoint,
    codeRoot: parameters.codeRoot,
    limits: parameters.limits,
  })
  const { limits } = options
  const dataPolicy = options.dataPolicy as Address
  const chain = createChainReader({ rpcUrl: options.rpcUrl, chainId: options.chainId, dataPolicy })
  await chain.assertChain()
  const tee = createTeeClient({ endpoint: options.dstackEndpoint })
  const teeInfo = await tee.info()
  const code = await computeCodeHash({ root: options.codeRoot ?? REPOSITORY_ROOT })
  const identity: ImageIdentity = {
    composeHash: teeInfo.composeHash,
    appId: teeInfo.appId,
    instanceId: teeInfo.instanceId,
    osImageHash: teeInfo.osImageHash,
    codeHash: code.codeHash,
    codeFiles: code.files,
    baseModel: await readBaseModelIdentity(baseModel),
    trainer: trainer.name,
  }
  const metrics = createProviderMetrics()
  const jobs = createJobService({
    env: {
      chainId: options.chainId,
      dataPolicy,
      domain: dataPolicyDomain({ chainId: options.chainId, verifyingContract: dataPolicy }),
      storage,
      trainer,
      baseModel,
      hyperparameters: parameters.hyperparameters,
      codeHash: code.codeHash,
      limits: {
        maxDatasetBytes: limits.maxDatasetBytes,
        maxTrainingSeconds: limits.maxTrainingSeconds,
        deliveryMarginSeconds: limits.deliveryMarginSeconds,
        readOptions: { maxBytes: limits.maxDatasetBytes },
      },
      log,
      metrics,
      now: Date.now,
    },
    chain,
    tee,
    providerId: options.providerId,
    limits,
  })
  metrics.registry.onCollect(() => {
    const counts = jobs.counts()
    for (const state of PROVIDER_JOB_STATES) {
      metrics.jobsByState.set(counts.byState[state] ?? 0, { state })
    }
    metrics.queueLength.set(counts.queued)
  })
  const replayGuard = createReplayGuard()
  const app = createApp({
    jobs,
    metrics,
    log,
    maxBodyBytes: limits.maxBodyBytes,
    info: () => ({
      version: 'licen/provider/v1',
      providerId: options.providerId,
      chainId: options.chainId,
      dataPolicy,
      identity,
      limits: {
        maxConcurrentJobs: limits.maxConcurrentJobs,
        maxQueuedJobs: limits.maxQueuedJobs,
        maxDatasetBytes: limits.maxDatasetBytes,
        maxTrainingSeconds: limits.maxTrainingSeconds,
      },
      jobs: { running: jobs.counts().running, queued: jobs.counts().queued },
    }),
    verify: (request) =>
      verifyProviderRequest({
        ...request,
        isOrchestrator: chain.isOrchestrator,
        replayGuard,
        maxSkewSeconds: limits.requestMaxSkewSeconds,
      }),
  })
  // Bodies are tiny: a client that trickles its request is cut off early; idle sockets close.
  const server = await serveHardened(app, {
    host: options.host,
    port: options.port,
    limits: parameters.httpLimits,
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const url = `http://${host}:${address.port}`
  log.info('provider node listening', {
    url,
    providerId: options.providerId,
    chainId: options.chainId,
    composeHash: identity.composeHash,
    codeHash: identity.codeHash,
  })
  let stopping: Promise<void> | undefined
  return {
    url,
    identity,
    stop: () => {
      stopping ??= (async () => {
        await jobs.shutdown()
        // Jobs just ended as signed failures: let pollers fetch them before the server goes away.
        await new Promise((resolve) => setTimeout(resolve, limits.shutdownGraceMs))
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          // Idle keep-alive sockets would hold close() open.
          server.closeAllConnections()
        })
        log.info('provider node stopped', { url })
      })()
      return stopping
    },
  }
}
