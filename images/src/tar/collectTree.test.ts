import { chmod, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { collect } from './collect.js'
import { collectTree, withParents } from './collectTree.js'
import { writeTar } from './writeTar.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tree-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

// Builds the same tree twice with different creation order, modes and times.
async function makeTree(root: string, variant: 0 | 1): Promise<void> {
  await mkdir(join(root, 'src/lib'), { recursive: true })
  const files: [string, string, number][] = [
    ['src/main.ts', 'main', variant ? 0o600 : 0o664],
    ['src/lib/run.sh', '#!/bin/sh', variant ? 0o700 : 0o775],
    ['package.json', '{}', 0o644],
  ]
  for (const [path, content, mode] of variant ? files.reverse() : files) {
    await writeFile(join(root, path), content)
    await chmod(join(root, path), mode)
    await utimes(join(root, path), variant ? 1 : 2_000_000_000, variant ? 1 : 2_000_000_000)
  }
  await symlink('main.ts', join(root, 'src/link.ts'))
  await mkdir(join(root, 'node_modules/.bin'), { recursive: true })
  await writeFile(join(root, 'node_modules/.bin/tool'), `#!/bin/sh\n# variant ${variant}`)
}

describe('collectTree', () => {
  test('default', async () => {
    await makeTree(join(dir, 'a'), 0)
    const entries = await collectTree({ root: join(dir, 'a'), prefix: 'app' })
    expect(entries.map((entry) => ({ ...entry, source: undefined }))).toMatchInlineSnapshot(`
      [
        {
          "gid": 0,
          "mode": 493,
          "path": "app/node_modules",
          "source": undefined,
          "type": "directory",
          "uid": 0,
        },
        {
          "gid": 0,
          "mode": 493,
          "path": "app/node_modules/.bin",
          "source": undefined,
          "type": "directory",
          "uid": 0,
        },
        {
          "gid": 0,
          "mode": 420,
          "path": "app/node_modules/.bin/tool",
          "size": 21,
          "source": undefined,
          "type": "file",
          "uid": 0,
        },
        {
          "gid": 0,
          "mode": 420,
          "path": "app/package.json",
          "size": 2,
          "source": undefined,
          "type": "file",
          "uid": 0,
        },
        {
          "gid": 0,
          "mode": 493,
          "path": "app/src",
          "source": undefined,
          "type": "directory",
          "uid": 0,
        },
        {
          "gid": 0,
          "mode": 493,
          "path": "app/src/lib",
          "source": undefined,
          "type": "directory",
          "uid": 0,
        },
        {
          "gid": 0,
          "mode": 493,
          "path": "app/src/lib/run.sh",
          "size": 9,
          "source": undefined,
          "type": "file",
          "uid": 0,
        },
        {
          "gid": 0,
          "mode": 511,
          "path": "app/src/link.ts",
          "source": undefined,
          "target": "main.ts",
          "type": "symlink",
          "uid": 0,
        },
        {
          "gid": 0,
          "mode": 420,
          "path": "app/src/main.ts",
          "size": 4,
          "source": undefined,
          "type": "file",
          "uid": 0,
        },
      ]
    `)
  })

  test('behavior: owner, modes, times and creation order are normalised', async () => {
    await makeTree(join(dir, 'a'), 0)
    await makeTree(join(dir, 'b'), 1)
    const exclude = (path: string) => path.endsWith('/.bin') || path === '.bin'
    const tar = async (root: string) =>
      collect(writeTar(withParents(await collectTree({ root, prefix: 'app/x', exclude })), { mtime: 7 }))
    expect((await tar(join(dir, 'b'))).equals(await tar(join(dir, 'a')))).toBe(true)
  })

  test('args: exclude leaves out a folder and all below it', async () => {
    await makeTree(join(dir, 'a'), 0)
    const entries = await collectTree({ root: join(dir, 'a'), exclude: (path) => path === 'node_modules' })
    expect(entries.map((entry) => entry.path)).toEqual([
      'package.json',
      'src',
      'src/lib',
      'src/lib/run.sh',
      'src/link.ts',
      'src/main.ts',
    ])
  })

  test('behavior: withParents adds the missing parents once', () => {
    const entries = withParents([
      {
        type: 'file',
        path: 'usr/local/bin/node',
        mode: 0o755,
        uid: 0,
        gid: 0,
        size: 0,
        source: new Uint8Array(),
      },
      { type: 'directory', path: 'usr', mode: 0o755, uid: 0, gid: 0 },
    ])
    expect(entries.map((entry) => `${entry.type} ${entry.path}`)).toEqual([
      'file usr/local/bin/node',
      'directory usr',
      'directory usr/local',
      'directory usr/local/bin',
    ])
  })
})
