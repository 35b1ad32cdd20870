import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import { ImageError } from '../errors.js'

/** The Debian packages that provide each external tool the image build and its check run. */
const PACKAGES: Readonly<Record<string, string>> = {
  mmdebstrap: 'mmdebstrap',
  'dpkg-deb': 'dpkg',
  podman: 'podman runc uidmap',
  runc: 'runc',
  git: 'git',
}

/** The one-line instruction that installs a missing tool. */
export function installHint(tool: string): string {
  const packages = PACKAGES[tool]
  return packages
    ? `install it: apt-get install -y --no-install-recommends ${packages}`
    : `install ${tool} and put it on PATH`
}

/** Finds an executable on `path` (a PATH-style list); `undefined` when none. */
export function findTool(tool: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue
    const candidate = join(dir, tool)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {}
  }
  return undefined
}

/** Fails with `IMAGE_TOOL_MISSING` and the one-line install instruction when a tool is not on `path`. */
export function requireTool(tool: string, path: string): string {
  const found = findTool(tool, path)
  if (found) return found
  throw new ImageError(`${tool} is not installed; ${installHint(tool)}`, { code: 'IMAGE_TOOL_MISSING' })
}
