import type { Database } from './Database.js'
import { migrations as defaultMigrations, type Migration } from './migrations.js'

/** Advisory lock key that serialises migrations across instances sharing one Postgres. */
const MIGRATION_LOCK = 0x4c43454e

/**
 * Applies the migrations not applied yet, in one transaction under an advisory lock, so instances starting
 * together against one Postgres migrate once. Returns the versions it applied.
 */
export async function migrate(
  db: Database,
  migrations: readonly Migration[] = defaultMigrations,
): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await tx.query(
      `CREATE TABLE IF NOT EXISTS orchestrator_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    )
    const rows = await tx.query<{ version: number }>('SELECT version FROM orchestrator_migrations')
    const applied = new Set(rows.map((row) => Number(row.version)))
    const done: number[] = []
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue
      for (const statement of migration.statements) await tx.query(statement)
      await tx.query('INSERT INTO orchestrator_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ])
      done.push(migration.version)
    }
    return done
  })
}
