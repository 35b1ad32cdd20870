import type { Compute } from '../compute.js'
import type { ProjectionSlot } from '../modelLayout.js'

/** Where the trainable parameters and their gradients sit, and the LoRA rank and scaling. */
export type LoraContext = { params: number; grads: number; rank: number; scale: number }

/**
 * `y (+)= x·Wᵀ + scale·(x·Aᵀ)·Bᵀ` for `rows` rows of x `[rows, in]`; keeps `u = scale·x·Aᵀ` `[rows, r]` for the
 * backward pass (unused without an adapter).
 */
export function loraLinearForward(
  c: Compute,
  lora: LoraContext,
  slot: ProjectionSlot,
  rows: number,
  x: number,
  y: number,
  u: number,
  accumulate: boolean,
): void {
  c.mm(rows, slot.out, slot.in, x, slot.in, 1, slot.wt, slot.out, y, slot.out, accumulate)
  const adapter = slot.lora
  if (!adapter) return
  c.mm(rows, lora.rank, slot.in, x, slot.in, 1, lora.params + adapter.at, lora.rank, u, lora.rank, false)
  c.scale(u, rows * lora.rank, lora.scale)
  c.mm(rows, slot.out, lora.rank, u, lora.rank, 1, lora.params + adapter.bt, slot.out, y, slot.out, true)
}

/**
 * Backward of `loraLinearForward` from `dy` `[rows, out]`: writes the adapter's gradients (Aᵀ and Bᵀ, overwritten)
 * and, when `dx` is given, the input gradient `dy·W + scale·(dy·B)·A` (added when `accumulate`). `scratch` holds
 * `[rows, r]`.
 */
export function loraLinearBackward(
  c: Compute,
  lora: LoraContext,
  slot: ProjectionSlot,
  rows: number,
  x: number,
  u: number,
  dy: number,
  dx: number | undefined,
  accumulate: boolean,
  scratch: number,
): void {
  const adapter = slot.lora
  const r = lora.rank
  if (adapter) {
    c.mm(r, slot.out, rows, u, 1, r, dy, slot.out, lora.grads + adapter.bt, slot.out, false)
    c.mm(rows, r, slot.out, dy, slot.out, 1, adapter.b, r, scratch, r, false)
    c.scale(scratch, rows * r, lora.scale)
    c.mm(slot.in, r, rows, x, 1, slot.in, scratch, r, lora.grads + adapter.at, r, false)
  }
  if (dx === undefined) return
  c.mm(rows, slot.in, slot.out, dy, slot.out, 1, slot.w, slot.in, dx, slot.in, accumulate)
  if (adapter) c.mm(rows, slot.in, r, scratch, r, 1, adapter.a, slot.in, dx, slot.in, true)
}
