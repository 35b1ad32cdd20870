import type { Rows, Store, TableName } from './types.js'

/** The part of Ponder's `context.db` the store uses (its generics are too deep to name here). */
type PonderDb = {
  find: (table: never, key: { id: unknown }) => Promise<unknown>
  insert: (table: never) => { values: (row: never) => PromiseLike<unknown> }
  update: (table: never, key: { id: unknown }) => { set: (values: never) => PromiseLike<unknown> }
}

/** Ponder's table objects keyed by their schema export name (`import * as schema from 'ponder:schema'`). */
export type PonderTables = { [table in TableName]: unknown }

/** A Store backed by Ponder's `context.db`, so the same handlers run inside Ponder and in tests. */
export function ponderStore(db: unknown, tables: PonderTables): Store {
  const ponder = db as PonderDb
  const tableOf = (table: TableName) => tables[table] as never
  return {
    async find(table, id) {
      return (await ponder.find(tableOf(table), { id })) as Rows[typeof table] | null
    },
    async insert(table, row) {
      await ponder.insert(tableOf(table)).values(row as never)
    },
    async update(table, row) {
      const { id, ...values } = row
      await ponder.update(tableOf(table), { id }).set(values as never)
    },
  }
}
