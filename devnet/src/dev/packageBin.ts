import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { DevnetError } from '../errors.js'

/** A program a workspace package ships: its entry file and the package folder it runs in. */
export type PackageBin = {
  /** Absolute path of the bin's entry file (TypeScript runs under tsx). */
  script: string
  /** The package's folder: the child's working directory, so its dependencies (tsx among them) resolve. */
  cwd: string
}

type Manifest = { name?: string; bin?: string | Record<string, string> }

const devnetRequire = createRequire(import.meta.url)

/**
 * The folder and manifest of `packageName` as `from` resolves it: its exported package.json, else the nearest
 * package.json of that name above its entry (workspace packages export only their entry points).
 */
export function resolvePackage(
  packageName: string,
  from: NodeRequire = devnetRequire,
): { packageDir: string; manifest: Manifest } {
  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Manifest
  try {
    const file = from.resolve(`${packageName}/package.json`)
    return { packageDir: dirname(file), manifest: read(file) }
  } catch {
    // not exported: find it from the entry point below
  }
  let entry: string
  try {
    entry = from.resolve(packageName)
  } catch (cause) {
    throw new DevnetError(`cannot resolve the package ${packageName}`, { code: 'DEVNET_PART_FAILED', cause })
  }
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json')
    // Folders inside a package may hold a package.json of their own (e.g. `{"type": "module"}`): skip those.
    if (existsSync(file)) {
      const manifest = read(file)
      if (manifest.name === packageName) return { packageDir: dir, manifest }
    }
    if (dirname(dir) === dir)
      throw new DevnetError(`no package.json named ${packageName} above ${entry}`, {
        code: 'DEVNET_PART_FAILED',
      })
  }
}

/**
 * Resolves the `bin` entry `binName` of a package this package depends on from its package.json, so a program is
 * started through what its package declares rather than a path into the package's sources.
 */
export function resolvePackageBin(packageName: string, binName: string, from?: NodeRequire): PackageBin {
  const { packageDir, manifest } = resolvePackage(packageName, from)
  const bin = typeof manifest.bin === 'string' ? { [packageName]: manifest.bin } : (manifest.bin ?? {})
  const relative = bin[binName]
  if (relative === undefined)
    throw new DevnetError(`the package ${packageName} has no bin named ${binName}`, {
      code: 'DEVNET_PART_FAILED',
    })
  const script = resolve(packageDir, relative)
  if (!existsSync(script))
    throw new DevnetError(`the bin ${binName} of ${packageName} is missing (${script})`, {
      code: 'DEVNET_PART_FAILED',
    })
  return { script, cwd: packageDir }
}
