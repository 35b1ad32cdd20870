import { createKeccak } from 'hash-wasm'
import type { Hex } from 'viem'
import type { EpochResult } from './Trainer.js'
import { TrainerError } from './TrainerError.js'

/** Largest loss that fits `lossMicro` (uint64) after scaling by 1e6. */
const MAX_LOSS = Number(2n ** 64n - 1n) / 1e6

/** Converts a mean loss to the receipt's `lossMicro = round(loss × 1e6)`; NaN, infinite or negative losses throw. */
export function lossToMicro(loss: number): bigint {
  if (!Number.isFinite(loss) || loss < 0 || loss >= MAX_LOSS) {
    throw new TrainerError('Training produced a loss that cannot be reported.', {
      code: 'TRAINER_NON_FINITE_LOSS',
      details: `loss ${loss}`,
    })
  }
  return BigInt(Math.round(loss * 1e6))
}

/**
 * keccak256 of adapter bytes (the receipt's `adapterHash`), computed in WebAssembly (fast on GPU-sized adapters),
 * fed `sliceBytes` at a time.
 */
export async function hashAdapter(bytes: Uint8Array, sliceBytes = 16 << 20): Promise<Hex> {
  const keccak = await createKeccak(256)
  keccak.init()
  for (let offset = 0; offset < bytes.length; offset += sliceBytes) {
    keccak.update(bytes.subarray(offset, offset + sliceBytes))
  }
  return `0x${keccak.digest('hex')}`
}

/** Raw numbers of one finished epoch, as a trainer backend reports them. */
export type FinishedEpoch = {
  epoch: number
  samples: number
  meanLoss: number
  tokens: number
  seconds: number
  adapter: Uint8Array
}

/** Builds the epoch's result (receipt fields included) from a backend's raw numbers. */
export async function toEpochResult(finished: FinishedEpoch): Promise<EpochResult> {
  return {
    epoch: finished.epoch,
    samples: BigInt(finished.samples),
    lossMicro: lossToMicro(finished.meanLoss),
    adapterHash: await hashAdapter(finished.adapter),
    meanLoss: finished.meanLoss,
    tokens: finished.tokens,
    seconds: finished.seconds,
    tokensPerSecond: finished.seconds > 0 ? finished.tokens / finished.seconds : 0,
  }
}
