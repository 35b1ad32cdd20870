import type { Hex } from 'viem'
import { StorageError } from './StorageError.js'

const ROOT = /^0x[0-9a-f]{64}$/

/** Returns the root in canonical lowercase form or throws STORAGE_INVALID_ROOT. */
export function parseRoot(root: string): Hex {
  const lower = typeof root === 'string' ? root.toLowerCase() : ''
  if (!ROOT.test(lower))
    throw new StorageError('A 0G root is 0x followed by 64 hex digits.', { code: 'STORAGE_INVALID_ROOT' })
  return lower as Hex
}
