/** Something SQL can be sent to: the database itself or an open transaction. */
export type Sql = {
  /** Runs one parameterised statement and returns its rows. */
  query<row = Record<string, unknown>>(text: string, parameters?: readonly unknown[]): Promise<row[]>
}

/** The orchestrator's database: embedded PGlite or Postgres behind one interface and the same SQL. */
export type Database = Sql & {
  kind: 'pglite' | 'postgres'
  /** Runs `fn` in one transaction (BEGIN … COMMIT, ROLLBACK on a throw). */
  transaction<result>(fn: (tx: Sql) => Promise<result>): Promise<result>
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>
  close(): Promise<void>
}
