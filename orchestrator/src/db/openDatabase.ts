import { mkdirSync } from 'node:fs'
import { OrchestratorError } from '../errors.js'
import type { Database, Sql } from './Database.js'

export type OpenDatabaseParameters =
  /** Embedded PGlite in this directory (created 0700 when missing). */
  | { dataDir: string }
  /** Postgres connection string. */
  | { url: string; maxConnections?: number | undefined }

/** Opens PGlite (a data directory) or a Postgres pool (a URL) behind the `Database` interface. */
export async function openDatabase(parameters: OpenDatabaseParameters): Promise<Database> {
  try {
    return 'dataDir' in parameters
      ? await openPglite(parameters.dataDir)
      : await openPostgres(parameters.url, parameters.maxConnections ?? 10)
  } catch (error) {
    if (error instanceof OrchestratorError) throw error
    throw new OrchestratorError('The database could not be opened.', {
      code: 'DATABASE_UNAVAILABLE',
      details: 'dataDir' in parameters ? 'PGlite' : 'Postgres',
      cause: error,
    })
  }
}

async function openPglite(dataDir: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const { PGlite } = await import('@electric-sql/pglite')
  const db = await PGlite.create(dataDir)
  const sql = (target: { query: typeof db.query }): Sql => ({
    async query<row>(text: string, parameters: readonly unknown[] = []) {
      const result = await target.query<row>(text, parameters as unknown[])
      return result.rows
    },
  })
  return {
    kind: 'pglite',
    ...sql(db),
    transaction: async (fn) => (await db.transaction((tx) => fn(sql(tx)))) as Awaited<ReturnType<typeof fn>>,
    exec: async (script) => {
      await db.exec(script)
    },
    close: () => db.close(),
  }
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000 })
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {})
  const client = await pool.connect()
  client.release()
  return {
    kind: 'postgres',
    async query<row>(text: string, parameters: readonly unknown[] = []) {
      const result = await pool.query(text, parameters as unknown[])
      return result.rows as row[]
    },
    async transaction(fn) {
      const connection = await pool.connect()
      try {
        await connection.query('BEGIN')
        const result = await fn({
          async query<row>(text: string, parameters: readonly unknown[] = []) {
            return (await connection.query(text, parameters as unknown[])).rows as row[]
          },
        })
        await connection.query('COMMIT')
        return result
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => {})
        throw error
      } finally {
        connection.release()
      }
    },
    exec: async (script) => {
      await pool.query(script)
    },
    close: () => pool.end(),
  }
}
