import type { Float32Tensor } from '../../safetensors/writeSafetensors.js'
import { TrainerError } from '../../TrainerError.js'
import type { LlamaConfig } from '../llamaConfig.js'
import type { Rng } from '../rng.js'
import { createKernelMemory } from '../wasm/kernels.js'
import { createArena } from './arena.js'
import { createModelLayout, type LoraSettings, type ModelLayout } from './modelLayout.js'
import { type RotaryTables, writeRotaryTables } from './rotaryTables.js'
import { shardPassFloats } from './shardPass.js'
import { SHARD_TOKENS } from './splitBatch.js'

/** Int32 slots of the control block every training thread shares (offsets from `TrainingSetup.control`). */
export const CONTROL = {
  /** Step generation: the coordinator bumps it to start a step (or to exit). */
  generation: 0,
  /** Shards already summed into the total gradient, in shard order. */
  cursor: 1,
  /** 1: helpers exit at the next generation. */
  exit: 3,
  /** Set by a thread that failed, so nobody waits for it. */
  failed: 4,
  /** Loss positions in the whole batch (the mean's denominator). */
  lossTokens: 5,
  /**
   * Two slots (one 64-bit word): `step << 32 | shards << 16 | next unclaimed shard`. Threads claim shards by
   * compare-and-swap on the whole word, so a claim always names the step it belongs to.
   */
  claim: 6,
  /** First of `2 × maxShards` slots: each shard's [start, end) in the example list. */
  table: 8,
} as const

/** Everything a training thread needs to attach to the shared memory; plain data plus the memory. */
export type TrainingSetup = {
  memory: WebAssembly.Memory
  layout: ModelLayout
  rotary: RotaryTables
  control: number
  /** Example indices of the current step's shards, back to back (`maxShards` × … slots). */
  examples: number
  /** Float64 index (in a Float64Array over the memory) of the per-shard loss sums. */
  losses: number
  /** The batch's gradient, summed over shards in order. */
  totals: number
  maxShards: number
  threads: Array<{ grads: number; arenaStart: number; arenaEnd: number }>
}

/** Options that decide the memory plan. */
export type TrainingMemoryOptions = {
  config: LlamaConfig
  weights: Readonly<Record<string, Float32Tensor>>
  lora: LoraSettings
  rng: Rng
  batchSize: number
  maxSeqLen: number
  threads: number
}

/**
 * Plans and creates the shared kernel memory: frozen weights, adapters, rotary tables, control block and total
 * gradient, then per thread a gradient buffer and an arena sized for the largest shard a batch can produce.
 */
export function createTrainingMemory(options: TrainingMemoryOptions): TrainingSetup {
  const { config, lora, batchSize, maxSeqLen, threads } = options
  const headDim = config.hidden_size / config.num_attention_heads
  const weightFloats = Object.values(options.weights).reduce((sum, tensor) => sum + tensor.data.length, 0)
  let adapterFloats = 0
  const d = config.hidden_size
  const ff = config.intermediate_size
  const perLayer = {
    q_proj: 2 * d,
    k_proj: 2 * d,
    v_proj: 2 * d,
    o_proj: 2 * d,
    gate_proj: d + ff,
    up_proj: d + ff,
    down_proj: d + ff,
  }
  for (const target of lora.targetModules)
    adapterFloats += lora.rank * perLayer[target] * config.num_hidden_layers
  const maxShards = batchSize
  // Every allocation may round up by 3 floats; 64 per layer and 256 more cover them.
  const slack = 64 * config.num_hidden_layers + 256
  const sharedFloats =
    2 * weightFloats +
    2 * adapterFloats +
    2 * maxSeqLen * headDim +
    16 +
    2 * maxShards +
    batchSize +
    2 * maxShards +
    2 +
    adapterFloats +
    slack
  const dims = {
    hidden: d,
    intermediate: ff,
    layers: config.num_hidden_layers,
    heads: config.num_attention_heads,
    headDim,
    rank: lora.rank,
    vocab: config.vocab_size,
  }
  const threadFloats = adapterFloats + 4 + shardPassFloats(dims, SHARD_TOKENS + maxSeqLen, maxSeqLen)
  const memory = createKernelMemory(4 * (sharedFloats + threads * threadFloats))
  const F = new Float32Array(memory.buffer)
  const arena = createArena(0, sharedFloats)
  const layout = createModelLayout(F, arena, config, options.weights, lora, options.rng)
  if (layout.params.count !== adapterFloats) {
    throw new TrainerError('The training memory plan does not match the adapters.', {
      code: 'TRAINER_WORKER_FAILED',
      details: `${layout.params.count} adapter floats, planned ${adapterFloats}`,
    })
  }
  const rotary = writeRotaryTables(
    F,
    headDim,
    config.rope_theta,
    maxSeqLen,
    arena.alloc(maxSeqLen * headDim),
    arena.alloc(maxSeqLen * headDim),
  )
  const control = arena.alloc(CONTROL.table + 2 * maxShards)
  const examples = arena.alloc(batchSize)
  const losses = arena.alloc(2 * maxShards + 2)
  const totals = arena.alloc(layout.params.count)
  const threadRegions = Array.from({ length: threads }, (_, index) => {
    const start = sharedFloats + index * threadFloats
    const grads = start
    return { grads, arenaStart: grads + adapterFloats + 4, arenaEnd: start + threadFloats }
  })
  return {
    memory,
    layout,
    rotary,
    control,
    examples,
    losses: Math.ceil(losses / 2),
    totals,
    maxShards,
    threads: threadRegions,
  }
}
