// The browser variant of `#platform` (package.json `imports`, conditions `browser` and `default`): Web APIs only,
// so a bundle for the browser never sees a Node built-in.
import type { CpuCount, PlatformWorker, SpawnWorker } from './types.js'

/** Logical cores from `navigator.hardwareConcurrency` (1 where the runtime does not say). */
export const cpuCount: CpuCount = () => globalThis.navigator?.hardwareConcurrency || 1

/** Starts a Web Worker from a Blob URL holding `source`, so no bundler has to find a worker file. */
export const spawnWorker: SpawnWorker = (source) => {
  if (typeof Worker === 'undefined') throw new Error('this runtime has no Web Workers')
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))
  const worker = new Worker(url)
  URL.revokeObjectURL(url)
  return {
    post: (message, transfer = []) => worker.postMessage(message, transfer),
    onMessage: (listener) => worker.addEventListener('message', (event) => listener(event.data)),
    onError: (listener) =>
      worker.addEventListener('error', (event) => listener(event.error ?? event.message)),
    onExit: () => {},
    setBusy: () => {},
    terminate: () => worker.terminate(),
  } satisfies PlatformWorker
}
