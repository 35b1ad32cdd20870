import { spawnWorker } from '#platform'
import type { PlatformWorker } from '../platform/types.js'
import { rootWorkerSource } from './workerSource.js'
import { ZgRootError } from './ZgRootError.js'

/** Result of one worker job: the segment roots and the input buffer handed back for reuse. */
export type RootJobResult = { roots: Uint8Array; buffer: ArrayBuffer }

/** A fixed set of workers computing 0G segment roots in parallel (worker_threads in Node, Web Workers in browsers). */
export type RootWorkerPool = {
  readonly size: number
  /** Hashes the whole segments in `buffer[0, length)`; the buffer is transferred and comes back in the result. */
  run(buffer: ArrayBuffer, length: number): Promise<RootJobResult>
  /** Stops every worker; pending jobs reject with ZG_ROOT_WORKER_FAILED. */
  terminate(): void
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'done'; id: number; roots: Uint8Array; buffer: ArrayBuffer }
  | { type: 'failed'; id: number; message: string }

type Pending = { resolve(result: RootJobResult): void; reject(error: unknown): void }

/** Starts `size` workers running the batch Keccak module and resolves once all are ready. */
export async function createRootWorkerPool(
  size: number,
  module: WebAssembly.Module,
): Promise<RootWorkerPool> {
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError('size must be ≥ 1')
  const pending = new Map<number, Pending>()
  const busy = new Map<PlatformWorker, number>()
  let nextId = 0
  let failure: ZgRootError | undefined
  const ports: PlatformWorker[] = []

  const fail = (cause: unknown) => {
    failure ??= new ZgRootError('A 0G root worker failed.', { code: 'ZG_ROOT_WORKER_FAILED', cause })
    for (const job of pending.values()) job.reject(failure)
    pending.clear()
    for (const port of ports) port.terminate()
  }

  const owner = new Map<number, PlatformWorker>()
  const settle = (id: number, action: (job: Pending) => void) => {
    const job = pending.get(id)
    const port = owner.get(id)
    pending.delete(id)
    owner.delete(id)
    if (port) {
      const count = (busy.get(port) ?? 1) - 1
      busy.set(port, count)
      if (count === 0) port.setBusy(false)
    }
    if (job) action(job)
  }

  const started = await Promise.allSettled(
    Array.from({ length: size }, async () => {
      const port = spawnWorker(rootWorkerSource)
      ports.push(port)
      await new Promise<void>((resolve, reject) => {
        port.onError((error) => {
          reject(error)
          fail(error)
        })
        // A worker that stops on its own (crash, out of memory) fails every pending job instead of hanging it.
        port.onExit(() => {
          const error = new Error('worker exited')
          reject(error)
          fail(error)
        })
        port.onMessage((data) => {
          const message = data as WorkerMessage
          if (message.type === 'ready') resolve()
          else if (message.type === 'done')
            settle(message.id, (job) => job.resolve({ roots: message.roots, buffer: message.buffer }))
          else
            settle(message.id, (job) =>
              job.reject(
                new ZgRootError('A 0G root worker job failed.', {
                  code: 'ZG_ROOT_WORKER_FAILED',
                  details: message.message,
                }),
              ),
            )
        })
        port.setBusy(true)
        port.post({ type: 'init', module })
      })
      port.setBusy(false)
    }),
  )
  const rejected = started.find((result) => result.status === 'rejected')
  if (rejected) {
    fail(rejected.reason)
    throw failure
  }

  let turn = 0
  return {
    size,
    run(buffer, length) {
      if (failure) return Promise.reject(failure)
      const port = ports[turn++ % ports.length]!
      const id = nextId++
      return new Promise<RootJobResult>((resolve, reject) => {
        pending.set(id, { resolve, reject })
        owner.set(id, port)
        const count = (busy.get(port) ?? 0) + 1
        busy.set(port, count)
        if (count === 1) port.setBusy(true)
        port.post({ type: 'job', id, buffer, length }, [buffer])
      })
    },
    terminate() {
      fail(new Error('terminated'))
    },
  }
}
