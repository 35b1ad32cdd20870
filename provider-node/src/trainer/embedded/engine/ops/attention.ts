import type { Compute } from '../compute.js'

/**
 * Which rows attend to which: sequence s owns key rows `keyStarts[s]..keyStarts[s+1]` of K and V and query rows
 * `queryStarts[s]..queryStarts[s+1]` of Q (all of its tokens, or only some); `queryPositions[row]` is a query's
 * position in its sequence (ascending within a sequence), also in kernel memory at `queryPositionsAt`. A query at
 * position p attends to keys 0..p.
 */
export type AttentionRows = {
  sequences: number
  keyStarts: Int32Array
  queryStarts: Int32Array
  queryPositions: Int32Array
  queryPositionsAt: number
}

/** Attention scratch: one head's K or V transposed (`[headDim, longest]`) and one score matrix (`longest²`). */
export type AttentionScratch = { transposed: number; scores: number }

/** Floats of attention probabilities kept for the backward pass (`heads × Σ queries × keys`). */
export function attentionProbabilityFloats(rows: AttentionRows, heads: number): number {
  let floats = 0
  for (let s = 0; s < rows.sequences; s++) floats += heads * queryCount(rows, s) * keyCount(rows, s)
  return floats
}

/**
 * Causal multi-head attention: `out = softmax(Q·Kᵀ/√headDim + mask)·V` per sequence and head, with Q `[queries,
 * width]` and K, V `[keys, width]` (heads side by side). Keeps the probabilities at `probabilities` (see
 * `attentionProbabilityFloats`).
 */
export function attentionForward(
  c: Compute,
  rows: AttentionRows,
  heads: number,
  headDim: number,
  q: number,
  k: number,
  v: number,
  out: number,
  probabilities: number,
  scratch: AttentionScratch,
): void {
  const width = heads * headDim
  const scale = 1 / Math.sqrt(headDim)
  let p = probabilities
  for (let s = 0; s < rows.sequences; s++) {
    const queries = queryCount(rows, s)
    if (queries === 0) continue
    const keys = keyCount(rows, s)
    const q0 = rows.queryStarts[s]!
    const k0 = rows.keyStarts[s]!
    for (let head = 0; head < heads; head++) {
      const column = head * headDim
      c.transpose(scratch.transposed, k + k0 * width + column, keys, headDim, width)
      c.mm(
        queries,
        keys,
        headDim,
        q + q0 * width + column,
        width,
        1,
        scratch.transposed,
        keys,
        p,
        keys,
        false,
      )
      c.softmaxCausal(p, queries, keys, rows.queryPositionsAt + q0, scale)
      c.mm(
        queries,
        headDim,
        keys,
        p,
        keys,
        1,
        v + k0 * width + column,
        width,
        out + q0 * width + column,
        width,
        false,
      )
      p += queries * keys
    }
  }
}

/**
 * Gradients of attention: from `dOut` and the kept probabilities, writes `dq` (query rows) and `dk`, `dv` (every
 * key row; rows no query attends to get zeros).
 */
export function attentionBackward(
  c: Compute,
  rows: AttentionRows,
  heads: number,
  headDim: number,
  q: number,
  k: number,
  v: number,
  probabilities: number,
  dOut: number,
  dq: number,
  dk: number,
  dv: number,
  scratch: AttentionScratch,
): void {
  const width = heads * headDim
  const scale = 1 / Math.sqrt(headDim)
  const first = rows.keyStarts[0]!
  const keyRows = rows.keyStarts[rows.sequences]! - first
  c.zero(dk + first * width, keyRows * width)
  c.zero(dv + first * width, keyRows * width)
  let p = probabilities
  for (let s = 0; s < rows.sequences; s++) {
    const queries = queryCount(rows, s)
    if (queries === 0) continue
    const keys = keyCount(rows, s)
    const q0 = rows.queryStarts[s]!
    const k0 = rows.keyStarts[s]!
    for (let head = 0; head < heads; head++) {
      const column = head * headDim
      const dOutHead = dOut + q0 * width + column
      const qHead = q + q0 * width + column
      const dScores = scratch.scores
      c.transpose(scratch.transposed, v + k0 * width + column, keys, headDim, width)
      c.mm(queries, keys, headDim, dOutHead, width, 1, scratch.transposed, keys, dScores, keys, false)
      c.softmaxBackward(p, dScores, queries, keys, scale)
      c.mm(
        queries,
        headDim,
        keys,
        dScores,
        keys,
        1,
        k + k0 * width + column,
        width,
        dq + q0 * width + column,
        width,
        false,
      )
      c.mm(keys, headDim, queries, dScores, 1, keys, qHead, width, dk + k0 * width + column, width, false)
      c.mm(keys, headDim, queries, p, 1, keys, dOutHead, width, dv + k0 * width + column, width, false)
      p += queries * keys
    }
  }
}

function queryCount(rows: AttentionRows, s: number): number {
  return rows.queryStarts[s + 1]! - rows.queryStarts[s]!
}

/** Keys a sequence's queries can see: up to the last query's position. */
function keyCount(rows: AttentionRows, s: number): number {
  const last = rows.queryStarts[s + 1]! - 1
  return last < rows.queryStarts[s]! ? 0 : rows.queryPositions[last]! + 1
}
