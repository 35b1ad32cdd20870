// The Node variant of `#platform` (package.json `imports`, condition `node`): worker_threads and node:os.
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { CpuCount, PlatformWorker, SpawnWorker } from './types.js'

/** Logical cores: `navigator.hardwareConcurrency` where Node has it (≥ 21), else `os.availableParallelism()`. */
export const cpuCount: CpuCount = () => globalThis.navigator?.hardwareConcurrency || availableParallelism()

/** Starts a worker_threads worker evaluating `source`; idle workers never hold the process open. */
export const spawnWorker: SpawnWorker = (source) => {
  // The script is self-contained: inheriting loaders (tsx, vitest) would only slow its start.
  const worker = new Worker(source, { eval: true, execArgv: [] })
  worker.unref()
  return {
    post: (message, transfer = []) => worker.postMessage(message, transfer as never),
    onMessage: (listener) => worker.on('message', listener),
    onError: (listener) => worker.on('error', listener),
    onExit: (listener) => worker.on('exit', () => listener()),
    setBusy: (busy) => (busy ? worker.ref() : worker.unref()),
    terminate: () => void worker.terminate(),
  } satisfies PlatformWorker
}
