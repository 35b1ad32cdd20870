import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { Hex } from 'viem'

/** sha256 of a file, streamed (for large model weights), as 0x-hex. */
export async function hashFile(path: string): Promise<Hex> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return `0x${hash.digest('hex')}`
}
