import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Root of the @licen/indexer package. */
export const indexerRoot = fileURLToPath(new URL('..', import.meta.url))

/** Root of the Ponder project (`ponder.config.ts`, `ponder.schema.ts`, `src/`). */
export const ponderRoot = join(indexerRoot, 'ponder')

/** Path of Ponder's CLI entry inside the package's node_modules. */
export function ponderBinPath(): string {
  return join(indexerRoot, 'node_modules', 'ponder', 'dist', 'esm', 'bin', 'ponder.js')
}
