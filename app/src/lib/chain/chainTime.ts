import { type Config, getBlock } from '@wagmi/core'

/** Timestamp of the latest block in unix seconds: deadlines are judged by chain time, not the browser clock. */
export async function chainTime(wagmi: Config): Promise<number> {
  const block = await getBlock(wagmi, { blockTag: 'latest' })
  return Number(block.timestamp)
}
