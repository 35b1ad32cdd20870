// Entry of the embedded trainer's worker thread (started through worker.boot.mjs, which loads TypeScript via tsx).
import {
  MessageChannel,
  type MessagePort,
  parentPort,
  receiveMessageOnPort,
  Worker,
} from 'node:worker_threads'
import { readSafetensors, tensorToFloat32 } from '../safetensors/readSafetensors.js'
import type { Float32Tensor } from '../safetensors/writeSafetensors.js'
import { createShardRunner } from './engine/shardRunner.js'
import { createTrainingMemory, type TrainingSetup } from './engine/trainingMemory.js'
import { errorReport } from './errorReport.js'
import { createRng } from './rng.js'
import { releaseHelpers, runFineTune } from './runFineTune.js'
import type { HelperFailure, HelperRequest, WorkerEvent, WorkerRequest } from './workerProtocol.js'

const port = parentPort
if (!port) throw new Error('worker.ts must run in a worker thread')

const BOOT = new URL('./worker.boot.mjs', import.meta.url)
const HELPER = new URL('./helper.ts', import.meta.url).href

const send = (event: WorkerEvent) => {
  if (event.type === 'epoch') port.postMessage(event, [event.adapter.buffer as ArrayBuffer])
  else port.postMessage(event)
}

port.once('message', (request: WorkerRequest) => {
  let setup: TrainingSetup | undefined
  const helpers: Array<{ worker: Worker; errors: MessagePort }> = []
  try {
    const parsed = readSafetensors(request.weights)
    const weights: Record<string, Float32Tensor> = {}
    for (const [name, tensor] of Object.entries(parsed.tensors)) {
      weights[name] = { shape: tensor.shape, data: tensorToFloat32(name, tensor) }
    }
    const { rank, alpha, targetModules, seed, batchSize, maxSeqLen } = request.hyperparameters
    setup = createTrainingMemory({
      config: request.config,
      weights,
      lora: { rank, alpha, targetModules },
      rng: createRng(seed),
      batchSize,
      maxSeqLen,
      threads: request.threads,
    })
    for (let index = 1; index < request.threads; index++) {
      const channel = new MessageChannel()
      const worker = new Worker(BOOT, { workerData: { entry: HELPER } })
      const helperRequest: HelperRequest = {
        setup,
        index,
        packed: request.packed,
        errors: channel.port2,
      }
      worker.postMessage(helperRequest, [channel.port2])
      helpers.push({ worker, errors: channel.port1 })
    }
    const runner = createShardRunner(setup, 0, request.packed)
    send({ type: 'ready', trainableParameters: setup.layout.params.count })
    runFineTune(setup, runner, request.packed, request.hyperparameters, request.epochs, send)
    send({ type: 'done' })
  } catch (error) {
    // A helper's own report says more than the coordinator's "another thread failed".
    const failure = helpers
      .map(({ errors }) => receiveMessageOnPort(errors)?.message as HelperFailure | undefined)
      .find((message) => message !== undefined)
    const report = failure ?? errorReport(error)
    send({ type: 'error', ...report })
  } finally {
    if (setup) releaseHelpers(setup)
    for (const { errors } of helpers) errors.close()
  }
})
