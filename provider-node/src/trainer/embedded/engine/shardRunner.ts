import { TrainerError } from '../../TrainerError.js'
import type { PackedExamples } from '../packExamples.js'
import { instantiateKernels } from '../wasm/kernels.js'
import { createArena } from './arena.js'
import { buildShard } from './buildShard.js'
import { type Compute, createCompute } from './compute.js'
import { shardPass } from './shardPass.js'
import { CONTROL, type TrainingSetup } from './trainingMemory.js'

/** How long a thread waits for another one's shard before calling the run broken. */
const STALL_MS = 120_000

/** One training thread's side of a step. */
export type ShardRunner = {
  compute: Compute
  /**
   * Claims and runs shards of the current step until none is left: each shard's gradient goes to the thread's own
   * buffer, then, once every earlier shard has been added, into the total. A shard's result does not depend on
   * the thread that computed it and the sum is always taken in shard order, so any thread count (or a helper
   * that starts late) gives the same bits.
   */
  runStep(): void
  /** Waits until all `shards` of the step are summed (or a thread failed). */
  waitForShards(shards: number): void
}

/** Attaches training thread `index` to the shared training memory. */
export function createShardRunner(setup: TrainingSetup, index: number, packed: PackedExamples): ShardRunner {
  const compute = createCompute(instantiateKernels(setup.memory))
  const { I } = compute
  const losses = new Float64Array(setup.memory.buffer)
  const claims = new BigInt64Array(setup.memory.buffer)
  const own = setup.threads[index]!
  const arena = createArena(own.arenaStart, own.arenaEnd)
  const control = setup.control
  const cursor = control + CONTROL.cursor

  const waitForCursor = (target: number) => {
    let deadline = performance.now() + STALL_MS
    let last = -1
    for (;;) {
      const current = Atomics.load(I, cursor)
      if (current >= target) return
      if (Atomics.load(I, control + CONTROL.failed) !== 0) {
        throw new TrainerError('Another training thread failed.', { code: 'TRAINER_WORKER_FAILED' })
      }
      if (current !== last) {
        last = current
        deadline = performance.now() + STALL_MS
      } else if (performance.now() > deadline) {
        throw new TrainerError('A training thread stalled.', {
          code: 'TRAINER_WORKER_FAILED',
          details: `no progress for ${STALL_MS} ms at shard ${current}`,
        })
      }
      Atomics.wait(I, cursor, current, 1000)
    }
  }

  return {
    compute,
    runStep() {
      const count = setup.layout.params.count
      for (;;) {
        const j = claimShard(claims, (control + CONTROL.claim) / 2)
        if (j === undefined) return
        // The step's data stays put until its last shard is summed, which cannot happen before this one is.
        const scale = 1 / Math.max(1, I[control + CONTROL.lossTokens]!)
        const start = I[control + CONTROL.table + 2 * j]!
        const end = I[control + CONTROL.table + 2 * j + 1]!
        const shard = buildShard(packed, Array.from(I.subarray(setup.examples + start, setup.examples + end)))
        losses[setup.losses + j] = shardPass(
          compute,
          setup.layout,
          setup.rotary,
          shard,
          own.grads,
          scale,
          arena,
        )
        waitForCursor(j)
        if (j === 0) compute.copy(setup.totals, own.grads, count)
        else compute.accumulate(setup.totals, own.grads, count)
        Atomics.store(I, cursor, j + 1)
        Atomics.notify(I, cursor)
      }
    },
    waitForShards: waitForCursor,
  }
}

/** Opens step `step` with `shards` unclaimed shards (the coordinator, after writing the step's data). */
export function openStep(memory: WebAssembly.Memory, control: number, step: number, shards: number): void {
  const claims = new BigInt64Array(memory.buffer)
  Atomics.store(claims, (control + CONTROL.claim) / 2, (BigInt(step) << 32n) | (BigInt(shards) << 16n))
}

/** Claims the next shard of the open step, or returns undefined when all are taken. */
function claimShard(claims: BigInt64Array, index: number): number | undefined {
  for (;;) {
    const word = Atomics.load(claims, index)
    const next = Number(word & 0xffffn)
    if (next >= Number((word >> 16n) & 0xffffn)) return undefined
    if (Atomics.compareExchange(claims, index, word, word + 1n) === word) return next
  }
}
