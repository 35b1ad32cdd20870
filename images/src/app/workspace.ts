import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseJsonOrThrow } from '@licen/errors'
import { ImageError } from '../errors.js'
import { RUNTIME_EXTRAS } from './programs.js'

/** The parts of a workspace package's manifest the image build reads. */
export type PackageManifest = {
  name: string
  dependencies?: Record<string, string> | undefined
  exports?: unknown
  bin?: Record<string, string> | string | undefined
}

export type WorkspacePackage = { dir: string; manifest: PackageManifest }

/** The folders listed in `pnpm-workspace.yaml` (plain names only: the build refuses globs it would have to expand). */
export function parseWorkspaceDirs(yaml: string): string[] {
  const dirs: string[] = []
  let inPackages = false
  for (const line of yaml.split('\n')) {
    if (/^packages:\s*$/.test(line)) {
      inPackages = true
      continue
    }
    if (inPackages && /^\S/.test(line)) inPackages = false
    const item = inPackages ? /^\s+-\s+['"]?([^'"\s]+)['"]?\s*$/.exec(line) : null
    if (!item) continue
    if (!/^[A-Za-z0-9_.-]+$/.test(item[1]!)) {
      throw new ImageError('pnpm-workspace.yaml lists a package pattern the image build cannot expand.', {
        code: 'IMAGE_SOURCE_INVALID',
        details: item[1],
      })
    }
    dirs.push(item[1]!)
  }
  return dirs
}

/** Every workspace package by name. */
export async function readWorkspace(root: string): Promise<Map<string, WorkspacePackage>> {
  const dirs = parseWorkspaceDirs(await readFile(join(root, 'pnpm-workspace.yaml'), 'utf8'))
  const packages = new Map<string, WorkspacePackage>()
  for (const dir of dirs) {
    const text = await readFile(join(root, dir, 'package.json'), 'utf8')
    const manifest = parseJsonOrThrow(
      text,
      (cause) =>
        new ImageError('A workspace package.json is not JSON.', {
          code: 'IMAGE_SOURCE_INVALID',
          details: `${dir}: ${cause.message}`,
        }),
    ) as PackageManifest
    packages.set(manifest.name, { dir, manifest })
  }
  return packages
}

/** The workspace packages a program runs with: itself and its `workspace:` production dependencies, transitively. */
export function runtimeClosure(
  workspace: ReadonlyMap<string, WorkspacePackage>,
  name: string,
): WorkspacePackage[] {
  const seen = new Map<string, WorkspacePackage>()
  const visit = (current: string) => {
    if (seen.has(current)) return
    const pkg = workspace.get(current)
    if (!pkg) {
      throw new ImageError('A workspace dependency is not in pnpm-workspace.yaml.', {
        code: 'IMAGE_SOURCE_INVALID',
        details: current,
      })
    }
    seen.set(current, pkg)
    for (const [dependency, spec] of Object.entries(pkg.manifest.dependencies ?? {})) {
      if (spec.startsWith('workspace:')) visit(dependency)
    }
  }
  visit(name)
  return [...seen.values()].sort((a, b) => (a.dir < b.dir ? -1 : 1))
}

function targets(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value)
  else if (value && typeof value === 'object') for (const item of Object.values(value)) targets(item, out)
}

/**
 * The paths (relative to the package folder) a package needs at run time: `package.json`, the first folder of
 * every `exports` and `bin` target, and its {@link RUNTIME_EXTRAS}.
 */
export function runtimePaths(pkg: WorkspacePackage): string[] {
  const found: string[] = []
  targets(pkg.manifest.exports, found)
  targets(pkg.manifest.bin, found)
  const tops = found
    .map((target) => target.replace(/^\.\//, '').split('/')[0]!)
    .filter((top) => top !== '' && top !== '..')
  return [...new Set(['package.json', ...tops, ...(RUNTIME_EXTRAS[pkg.dir] ?? [])])].sort()
}

/** Whether a repository path is left out of an image: dot files, dependencies and tests (the code hash's rule). */
export const isLeftOut = (path: string) =>
  path.split('/').some((part) => part.startsWith('.') || part === 'node_modules') || path.endsWith('.test.ts')
