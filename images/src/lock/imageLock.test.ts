import { readFile } from 'node:fs/promises'
import { describe, expect, test } from 'vitest'
import { formatImageLock, parseImageLock } from './imageLock.js'
import { newestNodeVersion, parsePrintUris } from './refreshImageLock.js'

const committed = () => readFile(new URL('../../debian.lock.json', import.meta.url), 'utf8')

describe('imageLock', () => {
  test('default: the committed lock parses, its packages sorted by name, and survives the formatter', async () => {
    const lock = parseImageLock(await committed())
    expect(lock.debian.suite).toBe('bookworm')
    const names = lock.debian.packages.map((pkg) => pkg.name)
    expect(names).toEqual([...names].sort())
    expect(parseImageLock(formatImageLock(lock))).toEqual(lock)
  })

  test('error: a lock entry with a malformed sha256', async () => {
    const lock = JSON.parse(await committed())
    lock.debian.packages = [
      {
        name: 'libc6',
        version: '2.36-9',
        architecture: 'amd64',
        url: 'http://deb.debian.org/debian/pool/libc6.deb',
        size: 1,
        sha256: 'abc',
      },
    ]
    expect(() => parseImageLock(JSON.stringify(lock))).toThrow(
      expect.objectContaining({
        code: 'IMAGE_LOCK_INVALID',
        details: expect.stringContaining('debian.packages.0.sha256'),
      }),
    )
  })

  test('error: not JSON', () => {
    expect(() => parseImageLock('{')).toThrow(expect.objectContaining({ code: 'IMAGE_LOCK_INVALID' }))
  })
})

describe('refreshImageLock helpers', () => {
  test('default: apt --print-uris lines', () => {
    const hex = 'a'.repeat(64)
    expect(
      parsePrintUris(
        `'http://deb.debian.org/debian/pool/main/g/glibc/libc6_2.36-9%2bdeb12u13_amd64.deb' libc6_2.36-9+deb12u13_amd64.deb 2757936 SHA256:${hex}\n`,
      ),
    ).toEqual([
      {
        url: 'http://deb.debian.org/debian/pool/main/g/glibc/libc6_2.36-9%2bdeb12u13_amd64.deb',
        size: 2757936,
        sha256: hex,
      },
    ])
  })

  test('error: a line apt did not write', () => {
    expect(() => parsePrintUris("'http://x/y.deb' y.deb 1 MD5Sum:abc\n")).toThrow(
      expect.objectContaining({ code: 'IMAGE_LOCK_INVALID' }),
    )
  })

  test('behavior: the newest version in an unsorted npm view answer', () => {
    expect(
      newestNodeVersion([
        { version: '20.19.6', 'dist.integrity': 'sha512-a' },
        { version: '20.20.2', 'dist.integrity': 'sha512-c' },
        { version: '20.20.0', 'dist.integrity': 'sha512-b' },
      ]),
    ).toEqual({ version: '20.20.2', integrity: 'sha512-c' })
    expect(newestNodeVersion({ version: '20.20.2', 'dist.integrity': 'sha512-c' })).toEqual({
      version: '20.20.2',
      integrity: 'sha512-c',
    })
  })
})
