// Test doubles for the job service's unit tests: an in-memory chain, a TEE that echoes the report data, an
// in-memory content-addressed store (real 0G roots), and a trainer that emits deterministic epochs. The
// integration test (startProviderNode.test.ts) runs the real chain, dev TEE agent, storage node and trainer.
import { type StorageAdapter, silentLogger, zgRoot } from '@licen/sdk'
import { type Address, bytesToHex, type Hex, zeroAddress, zeroHash } from 'viem'
import { ChainError } from '../src/chain/ChainError.js'
import type { ChainJob, ChainReader } from '../src/chain/createChainReader.js'
import type { Example } from '../src/dataset/parseExample.js'
import type { JobEnvironment } from '../src/jobs/JobEnvironment.js'
import { createProviderMetrics } from '../src/metrics/createProviderMetrics.js'
import type { TeeClient } from '../src/tee/createTeeClient.js'
import { toEpochResult } from '../src/trainer/epochResult.js'
import type { EpochResult, Trainer, TrainParameters, TrainResult } from '../src/trainer/Trainer.js'

export const CHAIN_ID = 31337
export const DATA_POLICY: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'

/** A chain whose jobs the test edits directly; `down` makes every read fail like an RPC outage. */
export function fakeChain(): ChainReader & {
  jobs: Map<bigint, ChainJob>
  down: boolean
  orchestrators: Set<string>
} {
  const jobs = new Map<bigint, ChainJob>()
  const orchestrators = new Set<string>()
  const chain = {
    chainId: CHAIN_ID,
    dataPolicy: DATA_POLICY,
    jobs,
    orchestrators,
    down: false,
    async assertChain() {},
    async getJob(jobId: bigint): Promise<ChainJob> {
      if (chain.down)
        throw new ChainError('Could not read the job from the chain.', { code: 'CHAIN_UNAVAILABLE' })
      return (
        jobs.get(jobId) ?? {
          jobId,
          datasetRoot: zeroHash,
          requester: zeroAddress,
          deadline: 0,
          providerId: 0,
          epochs: 0,
          state: 'None',
          enclaveSigner: zeroAddress,
          resultKeyTag: '0x000000000000000000000000',
          attestationRef: zeroHash,
        }
      )
    },
    async isOrchestrator(account: Address) {
      return orchestrators.has(account.toLowerCase())
    },
  }
  return chain
}

/** A TEE whose "quote" is the report data itself (the unit tests check the binding, not quote signatures). */
export function echoTee(): TeeClient & { quoted: Hex[] } {
  const quoted: Hex[] = []
  return {
    quoted,
    async info() {
      return {
        appId: 'app',
        instanceId: 'instance',
        appName: 'dev',
        composeHash: `0x${'ab'.repeat(32)}`,
        osImageHash: undefined,
      }
    },
    async getQuote(reportData) {
      quoted.push(bytesToHex(reportData))
      return { quote: bytesToHex(reportData), eventLog: '[]' }
    },
  }
}

/** An in-memory store keyed by real 0G roots; `serve` can override what a root downloads as (a lying store). */
export function memoryStorage(): StorageAdapter & {
  objects: Map<string, Uint8Array>
  serve: Map<string, Uint8Array>
} {
  const objects = new Map<string, Uint8Array>()
  const serve = new Map<string, Uint8Array>()
  const collect = async (source: Uint8Array | Blob | ReadableStream<Uint8Array>) => {
    if (source instanceof Uint8Array) return source
    if (source instanceof Blob) return new Uint8Array(await source.arrayBuffer())
    const parts: Uint8Array[] = []
    for await (const part of source as unknown as AsyncIterable<Uint8Array>) parts.push(part)
    return new Uint8Array(Buffer.concat(parts))
  }
  return {
    objects,
    serve,
    async upload(source) {
      const bytes = await collect(source)
      const { root, size } = await zgRoot(bytes, { workers: 0 })
      objects.set(root, bytes)
      return { root, size }
    },
    async download(root) {
      const bytes = serve.get(root.toLowerCase()) ?? objects.get(root.toLowerCase())
      if (!bytes) {
        const error = Object.assign(new Error('not found'), {
          code: 'STORAGE_NOT_FOUND',
          shortMessage: 'Not found.',
        })
        throw error
      }
      return new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 4096) controller.enqueue(bytes.slice(i, i + 4096))
          controller.close()
        },
      })
    },
    async has(root) {
      return objects.has(root.toLowerCase())
    },
  }
}

export type FakeTrainerControl = {
  /** Examples the last run read. */
  seen: Example[]
  /** Awaited before each epoch after the first finishes (to abort mid-run). */
  beforeEpoch?: ((epoch: number) => Promise<void>) | undefined
  /** Epochs to finish before claiming the time budget ran out (undefined: all). */
  budgetEpochs?: number | undefined
}

/** A trainer that reads every example, then reports epochs with falling loss and a deterministic adapter. */
export function fakeTrainer(control: FakeTrainerControl = { seen: [] }): Trainer {
  return {
    name: 'fake',
    async train(parameters: TrainParameters): Promise<TrainResult> {
      control.seen = []
      for await (const example of parameters.examples) control.seen.push(example)
      const epochs: EpochResult[] = []
      let adapter: TrainResult['adapter']
      const finish = (stopReason: TrainResult['stopReason']): TrainResult => ({
        stopReason,
        epochsRequested: parameters.epochs,
        epochs,
        adapter,
        examples: control.seen.length,
        trainableParameters: 8,
        trainer: 'fake',
        seconds: 0,
      })
      parameters.onProgress?.({
        type: 'start',
        examples: control.seen.length,
        trainableParameters: 8,
        device: 'none',
      })
      for (let epoch = 1; epoch <= parameters.epochs; epoch++) {
        if (control.budgetEpochs !== undefined && epoch > control.budgetEpochs) return finish('time_budget')
        if (epoch > 1) await control.beforeEpoch?.(epoch)
        if (parameters.signal?.aborted) return finish('aborted')
        parameters.onProgress?.({
          type: 'step',
          epoch,
          step: 1,
          totalSteps: 1,
          loss: 3 / epoch,
          tokensPerSecond: 1,
        })
        const safetensors = new Uint8Array(64).fill(epoch)
        const result = await toEpochResult({
          epoch,
          samples: control.seen.length,
          meanLoss: 3 / epoch,
          tokens: 100,
          seconds: 1,
          adapter: safetensors,
        })
        epochs.push(result)
        adapter = { safetensors, config: new TextEncoder().encode('{"r":8}') }
        parameters.onProgress?.({ type: 'epoch', result })
      }
      return finish('completed')
    },
  }
}

/** A job environment over the fakes. */
export function fakeEnvironment(overrides: Partial<JobEnvironment> = {}): JobEnvironment {
  return {
    chainId: CHAIN_ID,
    dataPolicy: DATA_POLICY,
    domain: { name: 'LICEN DataPolicy', version: '1', chainId: CHAIN_ID, verifyingContract: DATA_POLICY },
    storage: memoryStorage(),
    trainer: fakeTrainer(),
    baseModel: { id: 'fake', path: '/nonexistent' },
    hyperparameters: undefined,
    codeHash: `0x${'cd'.repeat(32)}`,
    limits: { maxDatasetBytes: 1 << 20, maxTrainingSeconds: 60, deliveryMarginSeconds: 10 },
    log: silentLogger,
    metrics: createProviderMetrics(),
    now: Date.now,
    ...overrides,
  }
}
