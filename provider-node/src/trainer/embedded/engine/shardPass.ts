import type { Arena } from './arena.js'
import type { Compute } from './compute.js'
import type { ModelDims, ModelLayout } from './modelLayout.js'
import {
  type AttentionRows,
  attentionBackward,
  attentionForward,
  attentionProbabilityFloats,
} from './ops/attention.js'
import { type LoraContext, loraLinearBackward, loraLinearForward } from './ops/loraLinear.js'
import type { RotaryTables } from './rotaryTables.js'
import type { Shard } from './shard.js'

/** Model sizes that decide a shard's memory. */
type SizeDims = Pick<ModelDims, 'hidden' | 'intermediate' | 'rank' | 'headDim' | 'layers' | 'vocab' | 'heads'>

/** Sizes that decide a shard's memory. */
type ShardSize = { tokens: number; lossRows: number; longest: number; probabilities: readonly number[] }

/**
 * Allocates every buffer of one shard pass. The forward pass keeps each layer's activations for the backward pass;
 * the last layer runs only on loss rows (nothing else reaches the loss through it), the others on every token.
 */
function allocate(arena: Arena, dims: SizeDims, size: ShardSize) {
  const { hidden: d, intermediate: ff, rank: r, headDim } = dims
  const { tokens: T, lossRows: P } = size
  const last = dims.layers - 1
  const a = (floats: number) => arena.alloc(floats)
  const input = {
    ids: a(T),
    positions: a(T),
    lossRows: a(P),
    lossPositions: a(P),
    lossTargets: a(P),
  }
  const embedded = a(T * d)
  const layers = Array.from({ length: dims.layers }, (_, layer) => {
    const rows = layer === last ? P : T
    return {
      x: a(T * d),
      xInverse: a(T),
      /** Query-projection input: the loss rows of x in the last layer, else x itself. */
      xRows: layer === last ? a(P * d) : -1,
      u: {
        q: a(rows * r),
        k: a(T * r),
        v: a(T * r),
        o: a(rows * r),
        gate: a(rows * r),
        up: a(rows * r),
        down: a(rows * r),
      },
      q: a(rows * d),
      k: a(T * d),
      v: a(T * d),
      probabilities: a(size.probabilities[layer]!),
      attended: a(rows * d),
      middle: a(rows * d),
      y: a(rows * d),
      yInverse: a(rows),
      gate: a(rows * ff),
      up: a(rows * ff),
      act: a(rows * ff),
      out: a(rows * d),
    }
  })
  return {
    input,
    embedded,
    layers,
    lossStats: a(P * 3),
    z: a(P * d),
    zInverse: a(P),
    logits: a(P * dims.vocab),
    dz: a(P * d),
    dh: a(T * d),
    dhNext: a(T * d),
    dAct: a(T * ff),
    dUp: a(T * ff),
    dY: a(T * d),
    dO: a(T * d),
    dq: a(T * d),
    dk: a(T * d),
    dv: a(T * d),
    dX: a(T * d),
    dXRows: a(P * d),
    dU: a(T * r),
    attention: { transposed: a(headDim * size.longest), scores: a(size.longest * size.longest) },
  }
}

/** Floats a shard pass may need for shards of at most `tokens` tokens and examples of at most `longest` tokens. */
export function shardPassFloats(dims: SizeDims, tokens: number, longest: number): number {
  let floats = 0
  const counting: Arena = {
    alloc: (n) => {
      const offset = floats
      floats += Math.ceil(n / 4) * 4
      return offset
    },
    get top() {
      return floats
    },
    reset: () => undefined,
  }
  const bound = dims.heads * tokens * longest
  allocate(counting, dims, {
    tokens,
    lossRows: tokens,
    longest,
    probabilities: Array(dims.layers).fill(bound),
  })
  return floats + 4
}

/**
 * Forward and backward pass of the LoRA model over one shard: writes the gradient of `lossScale · Σ loss` for every
 * adapter factor at `grads` (overwriting), and returns `Σ loss` (summed negative log-likelihood over the shard's
 * loss positions). Buffers come from `arena` and are released before returning.
 */
export function shardPass(
  c: Compute,
  layout: ModelLayout,
  rotary: RotaryTables,
  shard: Shard,
  grads: number,
  lossScale: number,
  arena: Arena,
): number {
  const dims = layout.dims
  const { hidden: d, intermediate: ff, heads, headDim, eps } = dims
  const T = shard.tokens
  const P = shard.lossRows.length
  if (P === 0) {
    c.zero(grads, layout.params.count)
    return 0
  }
  const last = dims.layers - 1
  const lora: LoraContext = { params: layout.params.offset, grads, rank: dims.rank, scale: dims.loraScale }
  const mark = arena.top
  try {
    const b = allocate(arena, dims, {
      tokens: T,
      lossRows: P,
      longest: shard.longest,
      probabilities: Array.from({ length: dims.layers }, (_, layer) =>
        attentionProbabilityFloats(layer === last ? lossRowsOf(shard, 0) : allRowsOf(shard, 0), heads),
      ),
    })
    const { I } = c
    I.set(shard.ids, b.input.ids)
    I.set(shard.positions, b.input.positions)
    I.set(shard.lossRows, b.input.lossRows)
    I.set(shard.lossPositions, b.input.lossPositions)
    I.set(shard.lossTargets, b.input.lossTargets)
    const allRows = allRowsOf(shard, b.input.positions)
    const lossRows = lossRowsOf(shard, b.input.lossPositions)
    const rotate = (x: number, rows: number, positions: number, inverse: boolean) =>
      c.rotary(x, rows, d, headDim, positions, rotary.cos, rotary.sin, inverse)

    c.gatherRows(b.embedded, layout.embed, b.input.ids, T, d)
    let hIn = b.embedded
    for (let layer = 0; layer <= last; layer++) {
      const w = layout.layers[layer]!
      const s = b.layers[layer]!
      const p = w.projections
      const sparse = layer === last
      const rows = sparse ? P : T
      c.rmsNormForward(hIn, w.inputNorm, s.x, s.xInverse, T, d, eps)
      if (sparse) c.gatherRows(s.xRows, s.x, b.input.lossRows, P, d)
      const xRows = sparse ? s.xRows : s.x
      loraLinearForward(c, lora, p.q_proj, rows, xRows, s.q, s.u.q, false)
      loraLinearForward(c, lora, p.k_proj, T, s.x, s.k, s.u.k, false)
      loraLinearForward(c, lora, p.v_proj, T, s.x, s.v, s.u.v, false)
      rotate(s.q, rows, sparse ? b.input.lossPositions : b.input.positions, false)
      rotate(s.k, T, b.input.positions, false)
      attentionForward(
        c,
        sparse ? lossRows : allRows,
        heads,
        headDim,
        s.q,
        s.k,
        s.v,
        s.attended,
        s.probabilities,
        b.attention,
      )
      if (sparse) c.gatherRows(s.middle, hIn, b.input.lossRows, P, d)
      else c.copy(s.middle, hIn, T * d)
      loraLinearForward(c, lora, p.o_proj, rows, s.attended, s.middle, s.u.o, true)
      c.rmsNormForward(s.middle, w.postNorm, s.y, s.yInverse, rows, d, eps)
      loraLinearForward(c, lora, p.gate_proj, rows, s.y, s.gate, s.u.gate, false)
      loraLinearForward(c, lora, p.up_proj, rows, s.y, s.up, s.u.up, false)
      c.swigluForward(s.gate, s.up, s.act, rows * ff)
      c.copy(s.out, s.middle, rows * d)
      loraLinearForward(c, lora, p.down_proj, rows, s.act, s.out, s.u.down, true)
      hIn = s.out
    }
    c.rmsNormForward(hIn, layout.finalNorm, b.z, b.zInverse, P, d, eps)
    c.mm(P, dims.vocab, d, b.z, d, 1, layout.headT, dims.vocab, b.logits, dims.vocab, false)
    c.crossEntropy(b.logits, P, dims.vocab, b.input.lossTargets, lossScale, b.lossStats)
    let loss = 0
    for (let i = 0; i < P; i++) {
      const stats = b.lossStats + 3 * i
      loss += Math.log(c.F[stats + 1]!) + c.F[stats]! - c.F[stats + 2]!
    }

    c.mm(P, d, dims.vocab, b.logits, dims.vocab, 1, layout.head, d, b.dz, d, false)
    let dh = b.dh
    let dhNext = b.dhNext
    c.rmsNormBackward(hIn, layout.finalNorm, b.zInverse, b.dz, dh, P, d, false)
    for (let layer = last; layer >= 0; layer--) {
      const w = layout.layers[layer]!
      const s = b.layers[layer]!
      const p = w.projections
      const sparse = layer === last
      const rows = sparse ? P : T
      // MLP: dh is the gradient at the layer output (and, through the residual, at `middle`).
      loraLinearBackward(c, lora, p.down_proj, rows, s.act, s.u.down, dh, b.dAct, false, b.dU)
      c.swigluBackward(s.gate, s.up, b.dAct, b.dAct, b.dUp, rows * ff)
      loraLinearBackward(c, lora, p.gate_proj, rows, s.y, s.u.gate, b.dAct, b.dY, false, b.dU)
      loraLinearBackward(c, lora, p.up_proj, rows, s.y, s.u.up, b.dUp, b.dY, true, b.dU)
      c.rmsNormBackward(s.middle, w.postNorm, s.yInverse, b.dY, dh, rows, d, true)
      // Attention: dh is now the gradient at `middle` (and, through the residual, at the layer input).
      loraLinearBackward(c, lora, p.o_proj, rows, s.attended, s.u.o, dh, b.dO, false, b.dU)
      attentionBackward(
        c,
        sparse ? lossRows : allRows,
        heads,
        headDim,
        s.q,
        s.k,
        s.v,
        s.probabilities,
        b.dO,
        b.dq,
        b.dk,
        b.dv,
        b.attention,
      )
      rotate(b.dq, rows, sparse ? b.input.lossPositions : b.input.positions, true)
      rotate(b.dk, T, b.input.positions, true)
      // The first layer's input is the frozen embedding: only the adapters' gradients are needed there.
      const needInput = layer > 0
      const dX = needInput ? b.dX : undefined
      loraLinearBackward(c, lora, p.k_proj, T, s.x, s.u.k, b.dk, dX, false, b.dU)
      loraLinearBackward(c, lora, p.v_proj, T, s.x, s.u.v, b.dv, dX, true, b.dU)
      if (sparse) {
        loraLinearBackward(
          c,
          lora,
          p.q_proj,
          P,
          s.xRows,
          s.u.q,
          b.dq,
          needInput ? b.dXRows : undefined,
          false,
          b.dU,
        )
        if (needInput) c.scatterAddRows(b.dX, b.dXRows, b.input.lossRows, P, d)
      } else {
        loraLinearBackward(c, lora, p.q_proj, T, s.x, s.u.q, b.dq, dX, true, b.dU)
      }
      if (!needInput) break
      if (sparse) {
        c.zero(dhNext, T * d)
        c.scatterAddRows(dhNext, dh, b.input.lossRows, P, d)
      } else {
        c.copy(dhNext, dh, T * d)
      }
      const input = layer === 0 ? b.embedded : b.layers[layer - 1]!.out
      c.rmsNormBackward(input, w.inputNorm, s.xInverse, b.dX, dhNext, T, d, true)
      const swap = dh
      dh = dhNext
      dhNext = swap
    }
    return loss
  } finally {
    arena.reset(mark)
  }
}

/** Attention rows of a layer that computes every token. */
function allRowsOf(shard: Shard, positionsAt: number): AttentionRows {
  return {
    sequences: shard.sequences.length - 1,
    keyStarts: shard.sequences,
    queryStarts: shard.sequences,
    queryPositions: shard.positions,
    queryPositionsAt: positionsAt,
  }
}

/** Attention rows of the last layer, which computes only the loss rows. */
function lossRowsOf(shard: Shard, positionsAt: number): AttentionRows {
  return {
    sequences: shard.sequences.length - 1,
    keyStarts: shard.sequences,
    queryStarts: shard.lossSequences,
    queryPositions: shard.lossPositions,
    queryPositionsAt: positionsAt,
  }
}
