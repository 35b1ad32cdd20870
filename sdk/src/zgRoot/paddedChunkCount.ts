/**
 * Number of chunks 0G Storage pads a file of `chunks` chunks to: a power of two stays as it is; otherwise it is
 * rounded up to a multiple of max(1, nextPow2(chunks) / 16). Matches `computePaddedSize` of the 0G SDK.
 */
export function paddedChunkCount(chunks: number): number {
  if (!Number.isSafeInteger(chunks) || chunks < 1)
    throw new RangeError('chunks must be a positive safe integer')
  let nextPow2 = 1
  while (nextPow2 < chunks) nextPow2 *= 2
  if (nextPow2 === chunks) return chunks
  const unit = nextPow2 >= 16 ? nextPow2 / 16 : 1
  return Math.ceil(chunks / unit) * unit
}
