import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { dataPolicyAbiHash } from '@licen/contracts'
import type { Hash } from 'viem'
import type { Deployment } from './deployment.js'
import { indexerRoot } from './paths.js'

/** Folders whose code decides what the indexer writes (handlers and the Ponder project). */
const codeDirs = ['ponder', join('src', 'handlers')]

/** Lists the indexing code files under `dir`, sorted, leaving out tests and generated output. */
function codeFiles(dir: string): string[] {
  const files: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'generated' || entry.name === 'node_modules') continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) files.push(...codeFiles(path))
    else if (
      entry.name.endsWith('.ts') &&
      !entry.name.endsWith('.test.ts') &&
      !entry.name.endsWith('.d.ts')
    ) {
      files.push(path)
    }
  }
  return files.sort()
}

/** sha256 over the indexer's indexing code (paths and contents). */
export function indexingCodeDigest(): string {
  const hash = createHash('sha256')
  for (const dir of codeDirs) {
    for (const file of codeFiles(join(indexerRoot, dir))) {
      hash.update(relative(indexerRoot, file)).update('\0').update(readFileSync(file)).update('\0')
    }
  }
  return hash.digest('hex')
}

/**
 * Database schema name for a deployment: changes whenever the chain (deployment block hash), the contract, its
 * ABI or the indexing code changes, so a restart resumes only data written by the same code from the same chain
 * and anything else is indexed afresh into a new schema.
 */
export function defaultSchemaName({
  deployment,
  blockHash,
}: {
  deployment: Deployment
  blockHash: Hash
}): string {
  const digest = createHash('sha256')
    .update(
      JSON.stringify({
        chainId: deployment.chainId,
        address: deployment.address.toLowerCase(),
        blockNumber: deployment.blockNumber.toString(),
        blockHash: blockHash.toLowerCase(),
        abiHash: dataPolicyAbiHash,
        code: indexingCodeDigest(),
      }),
    )
    .digest('hex')
  return `licen_${digest.slice(0, 16)}`
}
