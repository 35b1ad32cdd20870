import { createZgRootHasher, type ZgRootHasher } from '@licen/sdk'
import type { Hex } from 'viem'
import { JobError } from '../JobError.js'

export type CreateRootCheckStreamParameters = {
  /** The 0G root the bytes must hash to. */
  expectedRoot: Hex
  /** Largest number of bytes let through; beyond it the stream errors with `DATASET_TOO_LARGE`. */
  maxBytes: number
}

/**
 * A pass-through that computes the 0G root of the bytes flowing through it and holds the last chunk back until the
 * root matches, so the consumer never sees the complete input unless it is exactly the object under `expectedRoot`
 * (errors with `DATASET_ROOT_MISMATCH` otherwise).
 */
export function createRootCheckStream(
  parameters: CreateRootCheckStreamParameters,
): TransformStream<Uint8Array, Uint8Array> {
  let hasher: ZgRootHasher
  let held: Uint8Array | undefined
  let size = 0
  return new TransformStream<Uint8Array, Uint8Array>({
    async start() {
      hasher = await createZgRootHasher({ workers: 0 })
    },
    async transform(chunk, controller) {
      if (chunk.length === 0) return
      size += chunk.length
      if (size > parameters.maxBytes) {
        hasher.destroy()
        throw new JobError('The dataset is larger than this node accepts.', {
          code: 'DATASET_TOO_LARGE',
          details: `more than ${parameters.maxBytes} bytes`,
        })
      }
      await hasher.update(chunk)
      if (held) controller.enqueue(held)
      held = chunk
    },
    async flush(controller) {
      if (size === 0) {
        hasher.destroy()
        throw new JobError('The dataset download is empty.', { code: 'DATASET_ROOT_MISMATCH' })
      }
      const { root } = await hasher.digest()
      if (root.toLowerCase() !== parameters.expectedRoot.toLowerCase()) {
        throw new JobError('The dataset bytes do not hash to the dataset root.', {
          code: 'DATASET_ROOT_MISMATCH',
          details: `got ${root}, expected ${parameters.expectedRoot}`,
        })
      }
      if (held) controller.enqueue(held)
    },
  })
}
