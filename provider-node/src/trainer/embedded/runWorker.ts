import { Worker } from 'node:worker_threads'
import type { EarlyStop, Stopper } from '../stopper.js'
import { TrainerError } from '../TrainerError.js'
import type { WorkerEvent, WorkerRequest } from './workerProtocol.js'

const BOOT = new URL('./worker.boot.mjs', import.meta.url)
const ENTRY = new URL('./worker.ts', import.meta.url).href

/** How a worker run ended: every epoch finished (`stopped` undefined), or why it stopped early. */
export type WorkerOutcome = { stopped: EarlyStop | undefined }

/**
 * Runs a training request in a fresh worker thread, passing every event to `onEvent` (awaited, in order). Stopping
 * (the stopper fires, or `onEvent` returns a reason) terminates the worker at once: the epoch it was in is lost.
 * The request's buffers are transferred (detached here).
 */
export function runWorker(
  request: WorkerRequest,
  stopper: Stopper,
  onEvent: (
    event: Exclude<WorkerEvent, { type: 'error' }>,
  ) => Promise<EarlyStop | undefined> | EarlyStop | undefined,
): Promise<WorkerOutcome> {
  return new Promise<WorkerOutcome>((resolve, reject) => {
    const worker = new Worker(BOOT, { workerData: { entry: ENTRY } })
    let settled = false
    let queue = Promise.resolve()
    const settle = (outcome: { ok: WorkerOutcome } | { error: unknown }) => {
      if (settled) return
      settled = true
      void worker.terminate()
      if ('ok' in outcome) resolve(outcome.ok)
      else reject(outcome.error)
    }
    void stopper.stopped.then((reason) => settle({ ok: { stopped: reason } }))
    worker.on('message', (event: WorkerEvent) => {
      queue = queue.then(async () => {
        if (settled) return
        if (event.type === 'error') {
          settle({
            error: new TrainerError('Embedded training failed.', {
              code: event.code,
              details: event.message,
            }),
          })
          return
        }
        try {
          const verdict = await onEvent(event)
          if (event.type === 'done') settle({ ok: { stopped: undefined } })
          else {
            const stop = verdict ?? stopper.reason()
            if (stop) settle({ ok: { stopped: stop } })
          }
        } catch (error) {
          settle({ error })
        }
      })
    })
    worker.on('error', (cause) => {
      settle({
        error: new TrainerError('The training worker crashed.', { code: 'TRAINER_WORKER_FAILED', cause }),
      })
    })
    worker.on('exit', (code) => {
      // A clean finish settles on 'done' first; give queued events a chance before calling it an early exit.
      void queue.then(() =>
        settle({
          error: new TrainerError('The training worker exited before finishing.', {
            code: 'TRAINER_WORKER_FAILED',
            details: `exit code ${code}`,
          }),
        }),
      )
    })
    const { weights, packed } = request
    worker.postMessage(request, [
      weights.buffer,
      packed.ids.buffer,
      packed.learned.buffer,
      packed.offsets.buffer,
    ] as ArrayBuffer[])
  })
}
