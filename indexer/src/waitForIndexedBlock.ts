import { BaseError } from './errors.js'

export type WaitForIndexedBlockParameters = {
  /** Base URL of the indexer (`Indexer.url`). */
  url: string
  /** Block the indexer must have processed. */
  blockNumber: bigint
  /** Give up after this many ms (default 30 s). */
  timeoutMs?: number | undefined
  /** Poll period in ms (default 50). */
  intervalMs?: number | undefined
}

/** Resolves with the indexed block number once the indexer's `/status` reports `blockNumber` or later. */
export async function waitForIndexedBlock(parameters: WaitForIndexedBlockParameters): Promise<bigint> {
  const timeoutMs = parameters.timeoutMs ?? 30_000
  const deadline = Date.now() + timeoutMs
  let last: bigint | undefined
  while (Date.now() < deadline) {
    last = await indexedBlock(parameters.url)
    if (last !== undefined && last >= parameters.blockNumber) return last
    await new Promise((r) => setTimeout(r, parameters.intervalMs ?? 50))
  }
  throw new BaseError('Indexer did not reach the block in time', {
    code: 'WAIT_TIMEOUT',
    details: `wanted block ${parameters.blockNumber}, indexed ${last ?? 'none'} after ${timeoutMs} ms`,
  })
}

/** The block the indexer has processed, from `/status`; undefined when it cannot tell yet. */
export async function indexedBlock(url: string): Promise<bigint | undefined> {
  try {
    const response = await fetch(`${url}/status`, { signal: AbortSignal.timeout(2_000) })
    if (response.status !== 200) {
      await response.body?.cancel()
      return undefined
    }
    const text = await response.text()
    if (text.length > 64 * 1024) return undefined
    const status = JSON.parse(text) as Record<string, { block?: { number?: unknown } }>
    const numbers = Object.values(status).map((chain) => chain?.block?.number)
    if (numbers.length !== 1 || typeof numbers[0] !== 'number') return undefined
    return BigInt(numbers[0])
  } catch {
    return undefined
  }
}
