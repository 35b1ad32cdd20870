import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ImageError } from '../errors.js'
import { type DebianPackage, lockMismatch } from '../lock/imageLock.js'

export type FetchDebianPackagesParameters = {
  packages: readonly DebianPackage[]
  /** Folder of verified .deb files, named `<sha256>.deb` (shared between builds: every use re-checks it). */
  cacheDir: string
  /** Deadline of one download. */
  timeoutMs?: number | undefined
  fetch?: typeof globalThis.fetch | undefined
  log?: ((line: string) => void) | undefined
}

/** The file name apt and dpkg expect for a package (`:` of an epoch written `%3a`). */
export const debFileName = (pkg: DebianPackage) =>
  `${pkg.name}_${pkg.version.replace(/:/g, '%3a')}_${pkg.architecture}.deb`

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** Checks one .deb's bytes against its lock entry; `IMAGE_LOCK_MISMATCH` names the package on a difference. */
export function verifyDebianPackage(pkg: DebianPackage, bytes: Uint8Array): void {
  const actual = sha256(bytes)
  if (actual !== pkg.sha256) throw lockMismatch(`${pkg.name} ${pkg.version}`, 'sha256', actual, pkg.sha256)
  if (bytes.length !== pkg.size) {
    throw lockMismatch(`${pkg.name} ${pkg.version}`, 'size', String(bytes.length), String(pkg.size))
  }
}

/**
 * Makes every locked .deb available in `cacheDir`, downloading what is missing from its locked URL, and checks
 * every file (cached or new) against the lock's sha256 and size before it is used. Returns the verified paths.
 */
export async function fetchDebianPackages(parameters: FetchDebianPackagesParameters): Promise<string[]> {
  const fetchFn = parameters.fetch ?? globalThis.fetch
  await mkdir(parameters.cacheDir, { recursive: true })
  const paths: string[] = []
  for (const pkg of parameters.packages) {
    const path = join(parameters.cacheDir, `${pkg.sha256}.deb`)
    const cached = await readFile(path).catch(() => undefined)
    if (cached && sha256(cached) === pkg.sha256) {
      paths.push(path)
      continue
    }
    parameters.log?.(`download ${pkg.name} ${pkg.version} (${pkg.size} bytes)`)
    const timeoutMs = parameters.timeoutMs ?? 120_000
    let bytes: Uint8Array
    try {
      const response = await fetchFn(pkg.url, { signal: AbortSignal.timeout(timeoutMs) })
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      bytes = new Uint8Array(await response.arrayBuffer())
    } catch (cause) {
      throw new ImageError(`package ${pkg.name} ${pkg.version} could not be downloaded.`, {
        code: 'IMAGE_DOWNLOAD_FAILED',
        details: `${new URL(pkg.url).host}: ${(cause as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (cause as Error).message}; if the mirror dropped this version, run pnpm image lock`,
        cause,
      })
    }
    verifyDebianPackage(pkg, bytes)
    await writeFile(`${path}.partial`, bytes)
    await rename(`${path}.partial`, path)
    paths.push(path)
  }
  return paths
}
