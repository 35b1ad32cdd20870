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

/** Most statements committed together by PGlite's group commit. */
const GROUP_COMMIT_MAX = 64

type Pending = {
  text: string
  parameters: unknown[]
  resolve: (rows: unknown[]) => void
  reject: (e: unknown) => void
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
  // Group commit: PGlite runs one statement at a time and flushes its WAL on every commit, which dominated its
  // cost. Statements issued while a commit is under way wait and then commit together, each in a savepoint so one
  // failing statement fails alone. Every caller still resumes only after its statement is durably committed.
  const queue: Pending[] = []
  let flushing: Promise<void> | undefined
  // A batch runs as one transaction. Statements rarely fail, so a batch first runs bare; when a statement
  // fails, that attempt is rolled back whole and the batch runs again with each statement in its own savepoint,
  // so one caller's error (a unique violation) never undoes another's statement.
  const runBatch = async (batch: Pending[], isolate: boolean) => {
    const outcomes: ({ rows: unknown[] } | { error: unknown })[] = []
    await db.transaction(async (tx) => {
      for (const item of batch) {
        if (!isolate) {
          outcomes.push({ rows: (await tx.query(item.text, item.parameters)).rows })
          continue
        }
        await tx.query('SAVEPOINT statement')
        try {
          outcomes.push({ rows: (await tx.query(item.text, item.parameters)).rows })
          await tx.query('RELEASE SAVEPOINT statement')
        } catch (error) {
          outcomes.push({ error })
          await tx.query('ROLLBACK TO SAVEPOINT statement')
          await tx.query('RELEASE SAVEPOINT statement')
        }
      }
    })
    return outcomes
  }
  const flush = async () => {
    while (queue.length > 0) {
      const batch = queue.splice(0, GROUP_COMMIT_MAX)
      let outcomes: ({ rows: unknown[] } | { error: unknown })[]
      try {
        outcomes = await runBatch(batch, false)
      } catch (error) {
        // Alone in its batch, the statement's own error is the answer; otherwise isolate the statements.
        if (batch.length === 1) {
          batch[0]!.reject(error)
          continue
        }
        try {
          outcomes = await runBatch(batch, true)
        } catch (inner) {
          for (const item of batch) item.reject(inner)
          continue
        }
      }
      batch.forEach((item, i) => {
        const outcome = outcomes[i]!
        if ('error' in outcome) item.reject(outcome.error)
        else item.resolve(outcome.rows)
      })
    }
  }
  const kick = () => {
    if (flushing) return
    flushing = flush().finally(() => {
      flushing = undefined
      // A statement queued after the loop saw an empty queue but before this ran must not be stranded.
      if (queue.length > 0) kick()
    })
  }
  return {
    kind: 'pglite',
    query<row>(text: string, parameters: readonly unknown[] = []) {
      return new Promise<row[]>((resolve, reject) => {
        queue.push({
          text,
          parameters: [...parameters],
          resolve: resolve as (rows: unknown[]) => void,
          reject,
        })
        kick()
      })
    },
    transaction: async (fn) => (await db.transaction((tx) => fn(sql(tx)))) as Awaited<ReturnType<typeof fn>>,
    exec: async (script) => {
      await db.exec(script)
    },
    close: async () => {
      await flushing
      await db.close()
    },
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
