import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { collect } from './collect.js'
import { readTar } from './readTar.js'
import type { TarEntry } from './TarEntry.js'
import { writeTar } from './writeTar.js'

const text = (value: string) => new TextEncoder().encode(value)
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

const entries: TarEntry[] = [
  { type: 'file', path: 'app/b.txt', mode: 0o644, uid: 0, gid: 0, size: 2, source: text('b\n') },
  { type: 'directory', path: 'app', mode: 0o755, uid: 0, gid: 0 },
  { type: 'symlink', path: 'app/link', mode: 0o777, uid: 0, gid: 0, target: 'b.txt' },
  { type: 'file', path: 'app/a.sh', mode: 0o755, uid: 10001, gid: 10001, size: 3, source: text('a\n\n') },
]

describe('writeTar', () => {
  // The expected digest is that of Python's tarfile (USTAR_FORMAT) writing the same four entries with the same
  // fields (its 10 KiB end padding cut to two zero blocks): an independent writer gives the same bytes.
  test('default', async () => {
    const tar = await collect(
      writeTar(entries, { mtime: 1_700_000_000, names: { 0: 'root', 10001: 'licen' } }),
    )
    expect(tar.length).toBe(512 * 8)
    expect(sha256(tar)).toMatchInlineSnapshot(
      `"69304a7daefcea2a6b065c3ca2b7bac39fbbc9068ebe7dca7b46340bd21ce18e"`,
    )
    expect(
      readTar(tar).map(({ data, ...rest }) => ({ ...rest, data: new TextDecoder().decode(data) })),
    ).toMatchInlineSnapshot(`
        [
          {
            "data": "",
            "gid": 0,
            "gname": "root",
            "linkname": "",
            "mode": 493,
            "mtime": 1700000000,
            "path": "app/",
            "type": "directory",
            "uid": 0,
            "uname": "root",
          },
          {
            "data": "a

        ",
            "gid": 10001,
            "gname": "licen",
            "linkname": "",
            "mode": 493,
            "mtime": 1700000000,
            "path": "app/a.sh",
            "type": "file",
            "uid": 10001,
            "uname": "licen",
          },
          {
            "data": "b
        ",
            "gid": 0,
            "gname": "root",
            "linkname": "",
            "mode": 420,
            "mtime": 1700000000,
            "path": "app/b.txt",
            "type": "file",
            "uid": 0,
            "uname": "root",
          },
          {
            "data": "",
            "gid": 0,
            "gname": "root",
            "linkname": "b.txt",
            "mode": 511,
            "mtime": 1700000000,
            "path": "app/link",
            "type": "symlink",
            "uid": 0,
            "uname": "root",
          },
        ]
      `)
  })

  test('behavior: entry order does not change the bytes', async () => {
    const a = await collect(writeTar(entries, { mtime: 1 }))
    const b = await collect(writeTar([...entries].reverse(), { mtime: 1 }))
    expect(sha256(b)).toBe(sha256(a))
  })

  test('behavior: the mtime is the one given, for every entry', async () => {
    const tar = await collect(writeTar(entries, { mtime: 1_234_567_890 }))
    expect(new Set(readTar(tar).map((record) => record.mtime))).toEqual(new Set([1_234_567_890]))
  })

  test('behavior: long and non-ASCII paths go into pax records that GNU tar reads', async () => {
    const long = `node_modules/.pnpm/${'x'.repeat(120)}/node_modules/päckage/index.js`
    const target = `../${'y'.repeat(110)}`
    const tar = await collect(
      writeTar(
        [
          { type: 'file', path: long, mode: 0o644, uid: 0, gid: 0, size: 1, source: text('1') },
          { type: 'symlink', path: 'short', mode: 0o777, uid: 0, gid: 0, target },
        ],
        { mtime: 0 },
      ),
    )
    expect(readTar(tar).map((record) => [record.path, record.type, record.linkname])).toEqual([
      [long, 'file', ''],
      ['short', 'symlink', target],
    ])
    expect(execFileSync('tar', ['-tf', '-'], { input: tar }).toString()).toBe(`${long}\nshort\n`)
  })

  test('error: duplicate path', async () => {
    await expect(collect(writeTar([entries[1]!, entries[1]!], { mtime: 0 }))).rejects.toMatchObject({
      code: 'IMAGE_TAR_INVALID',
      details: 'app',
    })
  })

  test('error: path that is not clean', async () => {
    await expect(
      collect(writeTar([{ type: 'directory', path: './app', mode: 0o755, uid: 0, gid: 0 }], { mtime: 0 })),
    ).rejects.toMatchObject({ code: 'IMAGE_TAR_INVALID', details: '"./app"' })
  })

  test('error: a file whose size changed', async () => {
    await expect(
      collect(
        writeTar([{ type: 'file', path: 'a', mode: 0o644, uid: 0, gid: 0, size: 5, source: text('abc') }], {
          mtime: 0,
        }),
      ),
    ).rejects.toMatchObject({ code: 'IMAGE_SOURCE_INVALID', details: 'a: expected 5 bytes, read 3' })
  })
})
