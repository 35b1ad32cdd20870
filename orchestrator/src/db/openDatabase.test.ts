import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from './Database.js'
import { openDatabase } from './openDatabase.js'

let dir: string
let db: Database

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licen-orch-db-'))
  db = await openDatabase({ dataDir: join(dir, 'db') })
  await db.exec('CREATE TABLE items (id int PRIMARY KEY, label text NOT NULL)')
}, 60_000)

afterAll(async () => {
  await db?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

const insert = (id: number, label: string) =>
  db.query<{ id: number }>('INSERT INTO items (id, label) VALUES ($1, $2) RETURNING id', [id, label])

describe('openDatabase (PGlite group commit)', () => {
  test('default: statements issued together all commit, each with its own rows', async () => {
    const results = await Promise.all([insert(1, 'a'), insert(2, 'b'), insert(3, 'c')])
    expect(results).toEqual([[{ id: 1 }], [{ id: 2 }], [{ id: 3 }]])
    expect(await db.query('SELECT id, label FROM items ORDER BY id')).toEqual([
      { id: 1, label: 'a' },
      { id: 2, label: 'b' },
      { id: 3, label: 'c' },
    ])
  })

  test('behavior: a failing statement in a batch fails alone; the others commit once', async () => {
    const results = await Promise.allSettled([insert(10, 'x'), insert(1, 'duplicate'), insert(11, 'y')])
    expect(results[0]).toEqual({ status: 'fulfilled', value: [{ id: 10 }] })
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: '23505' } })
    expect(results[2]).toEqual({ status: 'fulfilled', value: [{ id: 11 }] })
    expect(await db.query('SELECT id, label FROM items WHERE id IN (1, 10, 11) ORDER BY id')).toEqual([
      { id: 1, label: 'a' },
      { id: 10, label: 'x' },
      { id: 11, label: 'y' },
    ])
  })

  test('error: a statement alone in its batch rejects with its own error and leaves nothing behind', async () => {
    await expect(insert(2, 'again')).rejects.toMatchObject({ code: '23505' })
    await expect(db.query('SELECT count(*)::int AS n FROM items')).resolves.toEqual([{ n: 5 }])
  })
})
