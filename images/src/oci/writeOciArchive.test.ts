import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { readTar } from '../tar/readTar.js'
import type { TarEntry } from '../tar/TarEntry.js'
import { writeOciArchive } from './writeOciArchive.js'

const text = (value: string) => new TextEncoder().encode(value)
const entries: TarEntry[] = [
  { type: 'directory', path: 'app', mode: 0o755, uid: 0, gid: 0 },
  { type: 'file', path: 'app/a.sh', mode: 0o755, uid: 10001, gid: 10001, size: 3, source: text('a\n\n') },
  { type: 'file', path: 'app/b.txt', mode: 0o644, uid: 0, gid: 0, size: 2, source: text('b\n') },
  { type: 'symlink', path: 'app/link', mode: 0o777, uid: 0, gid: 0, target: 'b.txt' },
]
const config = {
  User: '10001:10001',
  Env: ['PATH=/usr/bin'],
  Entrypoint: ['/bin/true'],
  WorkingDir: '/',
  Labels: { 'org.opencontainers.image.revision': 'abc' },
}

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oci-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const write = (name: string, layerEntries = entries) =>
  writeOciArchive({
    layers: [{ entries: layerEntries, createdBy: 'test layer' }],
    config,
    sourceDateEpoch: 1_700_000_000,
    reference: 'licen/test:1',
    archive: join(dir, `${name}.tar`),
    workDir: join(dir, `${name}-work`),
  })

describe('writeOciArchive', () => {
  // Expected digests computed independently with Python (json.dumps(sort_keys=True, separators=(',', ':')) and
  // hashlib over the same config and manifest objects; the layer digest is the writeTar test's Python vector).
  test('default', async () => {
    const image = await write('a')
    expect(image.layers).toEqual([
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar',
        digest: 'sha256:69304a7daefcea2a6b065c3ca2b7bac39fbbc9068ebe7dca7b46340bd21ce18e',
        size: 4096,
      },
    ])
    expect(image.configDigest).toBe('sha256:cf412bfc59d0959eb55ff701c5f64cb844581eaaf48e1dcd868a9f98a0f62aa8')
    expect(image.digest).toBe('sha256:6b5f93306d8bd11a36b608ac3a3405d80f820ec3c99c5d1e12bfb72de40baa83')
    const archive = await readFile(image.archive)
    expect(image.bytes).toBe(archive.length)
    const records = readTar(archive)
    expect(records.map((record) => record.path)).toEqual([
      'blobs/',
      'blobs/sha256/',
      'blobs/sha256/69304a7daefcea2a6b065c3ca2b7bac39fbbc9068ebe7dca7b46340bd21ce18e',
      'blobs/sha256/6b5f93306d8bd11a36b608ac3a3405d80f820ec3c99c5d1e12bfb72de40baa83',
      'blobs/sha256/cf412bfc59d0959eb55ff701c5f64cb844581eaaf48e1dcd868a9f98a0f62aa8',
      'index.json',
      'manifest.json',
      'oci-layout',
    ])
    const file = (path: string) =>
      new TextDecoder().decode(records.find((record) => record.path === path)!.data)
    expect(file('oci-layout')).toBe('{"imageLayoutVersion":"1.0.0"}')
    expect(JSON.parse(file('index.json'))).toEqual({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: image.digest,
          size: expect.any(Number),
          annotations: { 'org.opencontainers.image.ref.name': 'licen/test:1' },
        },
      ],
    })
    expect(JSON.parse(file('manifest.json'))).toEqual([
      {
        Config: 'blobs/sha256/cf412bfc59d0959eb55ff701c5f64cb844581eaaf48e1dcd868a9f98a0f62aa8',
        RepoTags: ['licen/test:1'],
        Layers: ['blobs/sha256/69304a7daefcea2a6b065c3ca2b7bac39fbbc9068ebe7dca7b46340bd21ce18e'],
      },
    ])
    for (const record of records.filter(
      (record) => record.path.startsWith('blobs/sha256/') && record.type === 'file',
    )) {
      const digest = createHash('sha256').update(record.data).digest('hex')
      expect(record.path).toBe(`blobs/sha256/${digest}`)
    }
  })

  test('behavior: two writes (other folders, entries in another order) give the same archive bytes', async () => {
    const a = await write('a')
    const b = await write('b', [...entries].reverse())
    expect(b.digest).toBe(a.digest)
    expect((await readFile(b.archive)).equals(await readFile(a.archive))).toBe(true)
  })

  test('behavior: one changed byte changes the digest', async () => {
    const a = await write('a')
    const changed = entries.map((entry) =>
      entry.path === 'app/b.txt' ? { ...entry, source: text('c\n') } : entry,
    ) as TarEntry[]
    expect((await write('b', changed)).digest).not.toBe(a.digest)
  })
})
