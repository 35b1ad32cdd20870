/** Rotary tables `[position, headDim]` in kernel memory (Hugging Face rotate-half: both halves share an angle). */
export type RotaryTables = { headDim: number; length: number; cos: number; sin: number }

/** Writes cos/sin of `position / theta^(2i/headDim)` for positions below `length` at `cos` and `sin`. */
export function writeRotaryTables(
  F: Float32Array,
  headDim: number,
  theta: number,
  length: number,
  cos: number,
  sin: number,
): RotaryTables {
  const half = headDim / 2
  for (let t = 0; t < length; t++) {
    for (let i = 0; i < half; i++) {
      const angle = t / theta ** ((2 * i) / headDim)
      F[cos + t * headDim + i] = F[cos + t * headDim + i + half] = Math.cos(angle)
      F[sin + t * headDim + i] = F[sin + t * headDim + i + half] = Math.sin(angle)
    }
  }
  return { headDim, length, cos, sin }
}
