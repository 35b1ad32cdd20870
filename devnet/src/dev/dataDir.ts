import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { DevnetError } from '../errors.js'

/** Files and folders only a devnet data folder has; `--fresh` deletes a folder only when it holds one of them. */
const MARKERS = [
  'devnet.json',
  'anvil-state.json',
  'deployments',
  'storage',
  'indexer',
  'dev-tee',
  'orchestrator',
]

/**
 * Deletes a devnet data folder for `--fresh`: nothing happens when it does not exist; a folder that is not empty
 * and holds none of the devnet's own files is refused (DEVNET_USAGE), so a mistyped `--data-dir` never deletes
 * other work.
 */
export function removeDataDir(dir: string): void {
  if (!existsSync(dir)) return
  const entries = readdirSync(dir)
  if (entries.length > 0 && !MARKERS.some((marker) => existsSync(join(dir, marker)))) {
    throw new DevnetError(`refusing to delete ${dir}: it does not look like a devnet data folder`, {
      code: 'DEVNET_USAGE',
    })
  }
  rmSync(dir, { recursive: true, force: true })
}
