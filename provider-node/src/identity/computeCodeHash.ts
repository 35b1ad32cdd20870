import { createHash } from 'node:crypto'
import { lstat, readdir, readFile } from 'node:fs/promises'
import { join, posix } from 'node:path'
import type { Hex } from 'viem'
import { BaseError } from '../errors.js'

/** Files and folders (relative to the repository root) that make up the provider runtime. */
export const DEFAULT_CODE_ENTRIES = [
  'package.json',
  'pnpm-lock.yaml',
  'pnpm-workspace.yaml',
  'provider-node/package.json',
  'provider-node/src',
  'provider-node/model',
  'provider-node/python',
  'sdk/package.json',
  'sdk/src',
] as const

export type ComputeCodeHashParameters = {
  /** Repository root the entries are relative to. */
  root: string
  /** Files or folders to include; default `DEFAULT_CODE_ENTRIES`. Missing entries are skipped. */
  entries?: readonly string[] | undefined
}

export type CodeHash = {
  /** sha256 of `manifest`, as bytes32. */
  codeHash: Hex
  /** One line per file, sorted by path: `<sha256 hex>  <path>\n` (the `sha256sum` format). */
  manifest: string
  /** Number of files hashed. */
  files: number
}

// Tests, dot files and dependencies are not part of the runtime; the lockfile pins the dependencies.
const skip = (name: string) => name.startsWith('.') || name === 'node_modules' || name.endsWith('.test.ts')

async function walk(root: string, relative: string, out: string[]): Promise<void> {
  const stat = await lstat(join(root, relative)).catch(() => undefined)
  if (!stat) return
  if (stat.isSymbolicLink()) {
    throw new BaseError('The runtime source holds a symbolic link.', {
      code: 'CODE_HASH_SYMLINK',
      details: relative,
    })
  }
  if (stat.isFile()) {
    out.push(relative)
    return
  }
  if (!stat.isDirectory()) return
  for (const name of await readdir(join(root, relative))) {
    if (!skip(name)) await walk(root, posix.join(relative, name), out)
  }
}

/**
 * Hashes the provider runtime reproducibly: sha256 over a sorted `sha256sum`-style manifest of its source files,
 * lockfile and model files, so the same checkout gives the same hash on any machine.
 */
export async function computeCodeHash(parameters: ComputeCodeHashParameters): Promise<CodeHash> {
  const paths: string[] = []
  for (const entry of parameters.entries ?? DEFAULT_CODE_ENTRIES) {
    await walk(parameters.root, posix.normalize(entry), paths)
  }
  const unique = [...new Set(paths)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  let manifest = ''
  for (const path of unique) {
    const digest = createHash('sha256')
      .update(await readFile(join(parameters.root, path)))
      .digest('hex')
    manifest += `${digest}  ${path}\n`
  }
  const codeHash = `0x${createHash('sha256').update(manifest).digest('hex')}` as Hex
  return { codeHash, manifest, files: unique.length }
}
