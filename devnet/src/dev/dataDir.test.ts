import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { removeDataDir } from './dataDir.js'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'licen-datadir-'))
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('removeDataDir', () => {
  test('default: a devnet folder is deleted', async () => {
    const dir = join(root, 'devnet')
    await mkdir(join(dir, 'storage'), { recursive: true })
    await writeFile(join(dir, 'anvil-state.json'), '{}')
    removeDataDir(dir)
    expect(existsSync(dir)).toBe(false)
  })

  test('args: a missing or empty folder is fine', async () => {
    removeDataDir(join(root, 'missing'))
    await mkdir(join(root, 'empty'))
    removeDataDir(join(root, 'empty'))
    expect(existsSync(join(root, 'empty'))).toBe(false)
  })

  test('error: a folder with other files is refused and kept', async () => {
    const dir = join(root, 'work')
    await mkdir(dir)
    await writeFile(join(dir, 'thesis.tex'), 'keep me')
    expect(() => removeDataDir(dir)).toThrow(
      expect.objectContaining({
        code: 'DEVNET_USAGE',
        shortMessage: `refusing to delete ${dir}: it does not look like a devnet data folder`,
      }),
    )
    expect(existsSync(join(dir, 'thesis.tex'))).toBe(true)
  })
})
