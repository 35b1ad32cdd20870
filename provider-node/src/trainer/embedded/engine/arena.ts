import { TrainerError } from '../../TrainerError.js'

/** Floats per alignment unit: every allocation starts on a 16-byte boundary (one f32x4). */
const ALIGN_FLOATS = 4

/** A bump allocator of float32 slots in kernel memory; offsets count floats from the start of the memory. */
export type Arena = {
  /** Reserves `floats` slots and returns the offset of the first. */
  alloc(floats: number): number
  /** Offset of the next allocation. */
  readonly top: number
  /** Frees everything allocated after `mark` (a previous `top`). */
  reset(mark: number): void
}

/**
 * An arena over `[start, end)` floats; `end` = Infinity measures (allocations are only counted). Running out
 * throws TRAINER_WORKER_FAILED: the caller sized the memory too small.
 */
export function createArena(start: number, end: number): Arena {
  let top = Math.ceil(start / ALIGN_FLOATS) * ALIGN_FLOATS
  return {
    alloc(floats) {
      const offset = top
      const next = Math.ceil((top + floats) / ALIGN_FLOATS) * ALIGN_FLOATS
      if (next > end) {
        throw new TrainerError('The training memory plan was exceeded.', {
          code: 'TRAINER_WORKER_FAILED',
          details: `${next} floats needed, ${end} available`,
        })
      }
      top = next
      return offset
    },
    get top() {
      return top
    },
    reset(mark) {
      top = mark
    },
  }
}
