import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { DebianPackage } from '../lock/imageLock.js'
import { debFileName, fetchDebianPackages } from './fetchDebianPackages.js'

const deb = new TextEncoder().encode('!<arch>\nnot really a deb')
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const libc6: DebianPackage = {
  name: 'libc6',
  version: '2.36-9+deb12u13',
  architecture: 'amd64',
  url: 'http://deb.debian.org/debian/pool/main/g/glibc/libc6_2.36-9%2bdeb12u13_amd64.deb',
  size: deb.length,
  sha256: sha256(deb),
}

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'debs-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const serving = (bytes: Uint8Array) => vi.fn(async () => new Response(new Uint8Array(bytes)))

describe('fetchDebianPackages', () => {
  test('default', async () => {
    const fetch = serving(deb)
    const paths = await fetchDebianPackages({ packages: [libc6], cacheDir: dir, fetch })
    expect(paths).toEqual([join(dir, `${libc6.sha256}.deb`)])
    expect(await readFile(paths[0]!)).toEqual(Buffer.from(deb))
    expect(fetch).toHaveBeenCalledWith(libc6.url, expect.anything())
  })

  test('behavior: a verified cached file is not downloaded again', async () => {
    await fetchDebianPackages({ packages: [libc6], cacheDir: dir, fetch: serving(deb) })
    const fetch = serving(deb)
    await fetchDebianPackages({ packages: [libc6], cacheDir: dir, fetch })
    expect(fetch).not.toHaveBeenCalled()
  })

  test('behavior: a cached file that no longer matches is downloaded again', async () => {
    await writeFile(join(dir, `${libc6.sha256}.deb`), 'tampered')
    const fetch = serving(deb)
    await fetchDebianPackages({ packages: [libc6], cacheDir: dir, fetch })
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  test('error: a download whose sha256 differs from the lock names the package', async () => {
    const other = new TextEncoder().encode('!<arch>\nsomething else')
    const error = await fetchDebianPackages({
      packages: [libc6],
      cacheDir: dir,
      fetch: serving(other),
    }).catch((error: unknown) => error)
    expect(error).toMatchObject({
      code: 'IMAGE_LOCK_MISMATCH',
      shortMessage: `package libc6 2.36-9+deb12u13: sha256 ${sha256(other).slice(0, 16)}… ≠ lock ${libc6.sha256.slice(0, 16)}…`,
      details: `sha256 ${sha256(other)} (downloaded) ≠ ${libc6.sha256} (lock); if the mirror changed on purpose, run pnpm image lock and commit the lock`,
    })
    await expect(readFile(join(dir, `${libc6.sha256}.deb`))).rejects.toThrow('ENOENT')
  })

  test('error: the mirror answers 404', async () => {
    const fetch = vi.fn(async () => new Response('gone', { status: 404 }))
    await expect(fetchDebianPackages({ packages: [libc6], cacheDir: dir, fetch })).rejects.toMatchObject({
      code: 'IMAGE_DOWNLOAD_FAILED',
      shortMessage: 'package libc6 2.36-9+deb12u13 could not be downloaded.',
      details: 'deb.debian.org: HTTP 404; if the mirror dropped this version, run pnpm image lock',
    })
  })
})

describe('debFileName', () => {
  test('default', () => {
    expect(debFileName(libc6)).toBe('libc6_2.36-9+deb12u13_amd64.deb')
    expect(debFileName({ ...libc6, name: 'base-files', version: '1:12.4', architecture: 'all' })).toBe(
      'base-files_1%3a12.4_all.deb',
    )
  })
})
