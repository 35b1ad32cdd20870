import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { computeCodeHash } from './computeCodeHash.js'

let root: string
const sha = (text: string) => createHash('sha256').update(text).digest('hex')

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'codehash-'))
  await mkdir(join(root, 'src/b'), { recursive: true })
  await mkdir(join(root, 'src/node_modules'), { recursive: true })
  await writeFile(join(root, 'src/a.ts'), 'a')
  await writeFile(join(root, 'src/b/c.ts'), 'c')
  await writeFile(join(root, 'src/a.test.ts'), 'test')
  await writeFile(join(root, 'src/.env'), 'secret')
  await writeFile(join(root, 'src/node_modules/x.js'), 'x')
  await writeFile(join(root, 'lock.yaml'), 'lock')
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('computeCodeHash', () => {
  test('default', async () => {
    const result = await computeCodeHash({ root, entries: ['src', 'lock.yaml', 'missing'] })
    const manifest = `${sha('lock')}  lock.yaml\n${sha('a')}  src/a.ts\n${sha('c')}  src/b/c.ts\n`
    expect(result).toEqual({ codeHash: `0x${sha(manifest)}`, manifest, files: 3 })
  })

  test('behavior: entry order and duplicates do not change the hash', async () => {
    const a = await computeCodeHash({ root, entries: ['src', 'lock.yaml'] })
    const b = await computeCodeHash({ root, entries: ['lock.yaml', 'src/b', 'src'] })
    expect(b.codeHash).toBe(a.codeHash)
  })

  test('behavior: one changed byte changes the hash', async () => {
    const before = await computeCodeHash({ root, entries: ['src'] })
    await writeFile(join(root, 'src/b/c.ts'), 'C')
    expect((await computeCodeHash({ root, entries: ['src'] })).codeHash).not.toBe(before.codeHash)
  })

  test('behavior: the repository runtime hashes the same twice', async () => {
    const repo = join(import.meta.dirname, '../../..')
    const a = await computeCodeHash({ root: repo })
    const b = await computeCodeHash({ root: repo })
    expect(a.codeHash).toBe(b.codeHash)
    expect(a.manifest).toContain('  provider-node/src/identity/computeCodeHash.ts\n')
    expect(a.manifest).not.toContain('.test.ts')
  })

  test('error: symbolic link in the runtime', async () => {
    await symlink(join(root, 'lock.yaml'), join(root, 'src/link'))
    await expect(computeCodeHash({ root, entries: ['src'] })).rejects.toMatchObject({
      code: 'CODE_HASH_SYMLINK',
    })
  })
})
