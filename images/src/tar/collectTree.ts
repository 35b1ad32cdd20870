import { lstat, readdir, readlink } from 'node:fs/promises'
import { join, posix } from 'node:path'
import type { TarEntry } from './TarEntry.js'
import { comparePaths } from './writeTar.js'

export type CollectTreeParameters = {
  /** Directory on disk whose contents become the entries. */
  root: string
  /** Path the contents get inside the archive (`''` for the archive root, `app` for `app/…`). */
  prefix?: string | undefined
  /**
   * `normalize` (default): owner 0:0, directories 0755, files 0755 when any execute bit is set else 0644.
   * `keep`: the on-disk owner and permission bits (a Debian rootfs built as root: setuid bits, /tmp's 1777).
   */
  ownership?: 'normalize' | 'keep' | undefined
  /** Leaves out a path (relative to `root`, `/`-separated) and, for a directory, all below it. */
  exclude?: ((relative: string, isDirectory: boolean) => boolean) | undefined
}

/**
 * Reads a directory tree into tar entries (files are read later, while the tar is written). Device nodes,
 * sockets and FIFOs are left out; hard links become regular files.
 */
export async function collectTree(parameters: CollectTreeParameters): Promise<TarEntry[]> {
  const entries: TarEntry[] = []
  const keep = parameters.ownership === 'keep'
  const prefix = parameters.prefix ?? ''
  const at = (relative: string) =>
    prefix === '' ? relative : relative === '' ? prefix : `${prefix}/${relative}`
  async function walk(relative: string): Promise<void> {
    const names = (await readdir(join(parameters.root, relative))).sort(comparePaths)
    for (const name of names) {
      const path = relative === '' ? name : posix.join(relative, name)
      const full = join(parameters.root, path)
      const stat = await lstat(full)
      if (parameters.exclude?.(path, stat.isDirectory())) continue
      const owner = keep ? { uid: stat.uid, gid: stat.gid } : { uid: 0, gid: 0 }
      if (stat.isDirectory()) {
        entries.push({ type: 'directory', path: at(path), mode: keep ? stat.mode & 0o7777 : 0o755, ...owner })
        await walk(path)
      } else if (stat.isFile()) {
        const mode = keep ? stat.mode & 0o7777 : stat.mode & 0o111 ? 0o755 : 0o644
        entries.push({
          type: 'file',
          path: at(path),
          mode,
          size: stat.size,
          source: { file: full },
          ...owner,
        })
      } else if (stat.isSymbolicLink()) {
        entries.push({ type: 'symlink', path: at(path), mode: 0o777, target: await readlink(full), ...owner })
      }
    }
  }
  await walk('')
  return entries
}

/** Adds a directory entry (root-owned, 0755) for every missing parent of the given entries. */
export function withParents(entries: readonly TarEntry[]): TarEntry[] {
  const have = new Set(entries.map((entry) => entry.path))
  const out = [...entries]
  for (const entry of entries) {
    const parts = entry.path.split('/')
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/')
      if (have.has(parent)) continue
      have.add(parent)
      out.push({ type: 'directory', path: parent, mode: 0o755, uid: 0, gid: 0 })
    }
  }
  return out
}
