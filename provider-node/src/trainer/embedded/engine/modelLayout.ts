import type { Float32Tensor } from '../../safetensors/writeSafetensors.js'
import {
  LLAMA_PROJECTIONS,
  type LlamaConfig,
  type LlamaProjection,
  projectionPath,
  projectionShapes,
} from '../llamaConfig.js'
import type { Rng } from '../rng.js'
import type { Arena } from './arena.js'

/** Sizes the compute code needs, derived from the base config and the LoRA rank. */
export type ModelDims = {
  vocab: number
  hidden: number
  intermediate: number
  layers: number
  heads: number
  headDim: number
  rank: number
  /** LoRA scaling alpha / r. */
  loraScale: number
  eps: number
  ropeTheta: number
}

/** A LoRA adapter's place in memory: trainable factors relative to the parameter block, derived copies absolute. */
export type LoraSlot = {
  /** Hugging Face module path, e.g. `model.layers.0.self_attn.q_proj`. */
  path: string
  /** Aᵀ `[in, r]`, offset within the parameter (and gradient) block. */
  at: number
  /** Bᵀ `[r, out]`, offset within the parameter (and gradient) block. */
  bt: number
  /** A `[r, in]` (PEFT layout), absolute offset, refreshed from Aᵀ after every update. */
  a: number
  /** B `[out, r]` (PEFT layout), absolute offset, refreshed from Bᵀ after every update. */
  b: number
}

/** A frozen projection `y = x·Wᵀ`, stored both ways so every product reads rows contiguously. */
export type ProjectionSlot = { in: number; out: number; w: number; wt: number; lora: LoraSlot | undefined }

/** One decoder layer's weights. */
export type LayerLayout = {
  inputNorm: number
  postNorm: number
  projections: Record<LlamaProjection, ProjectionSlot>
}

/** Where every weight of the model lives in kernel memory (float offsets); plain data, sent to helper threads. */
export type ModelLayout = {
  dims: ModelDims
  /** Embedding `[vocab, hidden]`. */
  embed: number
  /** Output head `[vocab, hidden]` (the embedding when tied) and its transpose `[hidden, vocab]`. */
  head: number
  headT: number
  layers: LayerLayout[]
  finalNorm: number
  /** Trainable parameters: every adapter's Aᵀ then Bᵀ, in layer and projection order. */
  params: { offset: number; count: number }
  lora: LoraSlot[]
}

/** LoRA settings. */
export type LoraSettings = { rank: number; alpha: number; targetModules: readonly LlamaProjection[] }

/**
 * Writes the frozen base weights (Hugging Face names and layouts) and freshly initialised adapters into kernel
 * memory. Adapter init follows PEFT: A ~ U(±1/√in) drawn row-major per adapter in layer then projection order,
 * B = 0 (the same draws as the tfjs model's `addLora`).
 */
export function createModelLayout(
  memory: Float32Array,
  arena: Arena,
  config: LlamaConfig,
  weights: Readonly<Record<string, Float32Tensor>>,
  lora: LoraSettings,
  rng: Rng,
): ModelLayout {
  const dims: ModelDims = {
    vocab: config.vocab_size,
    hidden: config.hidden_size,
    intermediate: config.intermediate_size,
    layers: config.num_hidden_layers,
    heads: config.num_attention_heads,
    headDim: config.hidden_size / config.num_attention_heads,
    rank: lora.rank,
    loraScale: lora.alpha / lora.rank,
    eps: config.rms_norm_eps,
    ropeTheta: config.rope_theta,
  }
  const place = (data: Float32Array) => {
    const offset = arena.alloc(data.length)
    memory.set(data, offset)
    return offset
  }
  const placeTransposed = (data: Float32Array, rows: number, columns: number) => {
    const offset = arena.alloc(data.length)
    transposeInto(memory, data, rows, columns, offset)
    return offset
  }
  const tensor = (name: string) => weights[name]!.data
  const embed = place(tensor('model.embed_tokens.weight'))
  const headData = config.tie_word_embeddings ? tensor('model.embed_tokens.weight') : tensor('lm_head.weight')
  const head = config.tie_word_embeddings ? embed : place(headData)
  const headT = placeTransposed(headData, dims.vocab, dims.hidden)
  const shapes = projectionShapes(config)
  const layers: LayerLayout[] = []
  for (let layer = 0; layer < dims.layers; layer++) {
    const projections = {} as Record<LlamaProjection, ProjectionSlot>
    for (const projection of LLAMA_PROJECTIONS) {
      const [out, inp] = shapes[projection]
      const data = tensor(`${projectionPath(layer, projection)}.weight`)
      projections[projection] = {
        in: inp,
        out,
        w: place(data),
        wt: placeTransposed(data, out, inp),
        lora: undefined,
      }
    }
    layers.push({
      inputNorm: place(tensor(`model.layers.${layer}.input_layernorm.weight`)),
      postNorm: place(tensor(`model.layers.${layer}.post_attention_layernorm.weight`)),
      projections,
    })
  }
  const finalNorm = place(tensor('model.norm.weight'))

  // Trainable block first (contiguous), then the derived PEFT-layout copies.
  const slots: Array<{ slot: ProjectionSlot; path: string; initialA: Float32Array }> = []
  let count = 0
  for (let layer = 0; layer < dims.layers; layer++) {
    for (const projection of LLAMA_PROJECTIONS) {
      if (!lora.targetModules.includes(projection)) continue
      const slot = layers[layer]!.projections[projection]
      const bound = 1 / Math.sqrt(slot.in)
      const initialA = new Float32Array(lora.rank * slot.in)
      for (let i = 0; i < initialA.length; i++) initialA[i] = (2 * rng.uniform() - 1) * bound
      slots.push({ slot, path: projectionPath(layer, projection), initialA })
      count += lora.rank * (slot.in + slot.out)
    }
  }
  const paramsOffset = arena.alloc(count)
  memory.fill(0, paramsOffset, paramsOffset + count)
  const loraSlots: LoraSlot[] = []
  let relative = 0
  for (const { slot, path, initialA } of slots) {
    const at = relative
    const bt = at + lora.rank * slot.in
    relative = bt + lora.rank * slot.out
    transposeInto(memory, initialA, lora.rank, slot.in, paramsOffset + at)
    const loraSlot: LoraSlot = {
      path,
      at,
      bt,
      a: arena.alloc(lora.rank * slot.in),
      b: arena.alloc(lora.rank * slot.out),
    }
    slot.lora = loraSlot
    loraSlots.push(loraSlot)
  }
  const layout: ModelLayout = {
    dims,
    embed,
    head,
    headT,
    layers,
    finalNorm,
    params: { offset: paramsOffset, count },
    lora: loraSlots,
  }
  refreshLoraCopies(memory, layout)
  return layout
}

/** Rewrites every adapter's A and B (PEFT layout) from the trainable Aᵀ and Bᵀ; run after each update. */
export function refreshLoraCopies(memory: Float32Array, layout: ModelLayout): void {
  const { rank } = layout.dims
  for (const layer of layout.layers) {
    for (const slot of Object.values(layer.projections)) {
      const lora = slot.lora
      if (!lora) continue
      const base = layout.params.offset
      transposeInto(memory, memory.subarray(base + lora.at, base + lora.bt), slot.in, rank, lora.a)
      transposeInto(
        memory,
        memory.subarray(base + lora.bt, base + lora.bt + rank * slot.out),
        rank,
        slot.out,
        lora.b,
      )
    }
  }
}

/** The adapters under PEFT key names and layouts (`lora_A` `[r, in]`, `lora_B` `[out, r]`), copied out of memory. */
export function exportLora(memory: Float32Array, layout: ModelLayout): Record<string, Float32Tensor> {
  const { rank } = layout.dims
  const out: Record<string, Float32Tensor> = {}
  for (const layer of layout.layers) {
    for (const slot of Object.values(layer.projections)) {
      const lora = slot.lora
      if (!lora) continue
      out[`base_model.model.${lora.path}.lora_A.weight`] = {
        shape: [rank, slot.in],
        data: memory.slice(lora.a, lora.a + rank * slot.in),
      }
      out[`base_model.model.${lora.path}.lora_B.weight`] = {
        shape: [slot.out, rank],
        data: memory.slice(lora.b, lora.b + rank * slot.out),
      }
    }
  }
  return out
}

/** Writes the transpose of a row-major `[rows, columns]` matrix to `memory` at `offset` (`[columns, rows]`). */
function transposeInto(
  memory: Float32Array,
  data: Float32Array,
  rows: number,
  columns: number,
  offset: number,
) {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) memory[offset + c * rows + r] = data[r * columns + c]!
  }
}
