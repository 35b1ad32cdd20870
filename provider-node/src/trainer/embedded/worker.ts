// Entry of the embedded trainer's worker thread (started through worker.boot.mjs, which loads TypeScript via tsx).
import { parentPort } from 'node:worker_threads'
import { readSafetensors, tensorToFloat32 } from '../safetensors/readSafetensors.js'
import type { Float32Tensor } from '../safetensors/writeSafetensors.js'
import { TrainerError } from '../TrainerError.js'
import { createRng } from './rng.js'
import { runFineTune } from './runFineTune.js'
import { TinyLlama } from './tinyLlama.js'
import { useWasmBackend } from './wasmBackend.js'
import type { WorkerEvent, WorkerRequest } from './workerProtocol.js'

const port = parentPort
if (!port) throw new Error('worker.ts must run in a worker thread')

const send = (event: WorkerEvent) => {
  if (event.type === 'epoch') port.postMessage(event, [event.adapter.buffer as ArrayBuffer])
  else port.postMessage(event)
}

port.once('message', async (request: WorkerRequest) => {
  let model: TinyLlama | undefined
  try {
    await useWasmBackend()
    const parsed = readSafetensors(request.weights)
    const weights: Record<string, Float32Tensor> = {}
    for (const [name, tensor] of Object.entries(parsed.tensors)) {
      weights[name] = { shape: tensor.shape, data: tensorToFloat32(name, tensor) }
    }
    model = new TinyLlama(request.config, weights)
    const { rank, alpha, targetModules, seed } = request.hyperparameters
    model.addLora({ rank, alpha, targetModules }, createRng(seed))
    send({ type: 'ready', trainableParameters: model.trainableParameters() })
    runFineTune(model, request.packed, request.hyperparameters, request.epochs, send)
    send({ type: 'done' })
  } catch (error) {
    const known = error instanceof TrainerError
    send({
      type: 'error',
      code: known ? error.code : 'TRAINER_WORKER_FAILED',
      message: known
        ? error.message
        : error instanceof Error
          ? `${error.name}: ${error.message}`
          : 'unknown error',
    })
  } finally {
    model?.dispose()
  }
})
