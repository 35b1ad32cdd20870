import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import { TrainerError } from '../TrainerError.js'

/** Switches tfjs to its WebAssembly backend, loading the .wasm binaries shipped inside the npm package. */
export async function useWasmBackend(): Promise<void> {
  if (tf.getBackend() === 'wasm') return
  const require = createRequire(import.meta.url)
  setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`)
  const ready = await tf.setBackend('wasm')
  await tf.ready()
  if (!ready || tf.getBackend() !== 'wasm') {
    throw new TrainerError('The tfjs WebAssembly backend did not start.', { code: 'TRAINER_WORKER_FAILED' })
  }
}
