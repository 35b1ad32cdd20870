// Entry of a helper training thread, started by worker.ts (through worker.boot.mjs): computes its shards of every
// step in the shared kernel memory until the coordinator releases it.
import { parentPort } from 'node:worker_threads'
import { createShardRunner } from './engine/shardRunner.js'
import { CONTROL } from './engine/trainingMemory.js'
import { errorReport } from './errorReport.js'
import type { HelperRequest } from './workerProtocol.js'

const port = parentPort
if (!port) throw new Error('helper.ts must run in a worker thread')

port.once('message', ({ setup, index, packed, errors }: HelperRequest) => {
  const I = new Int32Array(setup.memory.buffer)
  const generation = setup.control + CONTROL.generation
  try {
    const runner = createShardRunner(setup, index, packed)
    let seen = 0
    for (;;) {
      Atomics.wait(I, generation, seen)
      const current = Atomics.load(I, generation)
      if (current === seen) continue
      seen = current
      if (Atomics.load(I, setup.control + CONTROL.exit) !== 0) break
      runner.runStep()
    }
  } catch (error) {
    errors.postMessage(errorReport(error))
    Atomics.store(I, setup.control + CONTROL.failed, 1)
    Atomics.notify(I, setup.control + CONTROL.cursor)
  }
})
