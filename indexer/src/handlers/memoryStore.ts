import { InconsistentStateError } from '../errors.js'
import type { Rows, Store, TableName } from './types.js'

/** A Store over plain maps, with every table's rows, for tests and log replays. */
export type MemoryStore = Store & {
  /** Rows of a table, in insertion order (copies). */
  rows<table extends TableName>(table: table): Rows[table][]
}

/** Creates an empty in-memory Store; rows are copied in and out, so callers never alias stored state. */
export function createMemoryStore(): MemoryStore {
  const tables = new Map<TableName, Map<unknown, unknown>>()
  const tableOf = (table: TableName) => {
    let rows = tables.get(table)
    if (rows === undefined) {
      rows = new Map()
      tables.set(table, rows)
    }
    return rows
  }
  return {
    async find(table, id) {
      const row = tableOf(table).get(id)
      return row === undefined ? null : (structuredClone(row) as Rows[typeof table])
    },
    async insert(table, row) {
      const rows = tableOf(table)
      if (rows.has(row.id)) throw inconsistent(`${table} ${String(row.id)} exists`)
      rows.set(row.id, structuredClone(row))
    },
    async update(table, row) {
      const rows = tableOf(table)
      if (!rows.has(row.id)) throw inconsistent(`${table} ${String(row.id)} is missing`)
      rows.set(row.id, structuredClone(row))
    },
    rows(table) {
      return [...tableOf(table).values()].map((row) => structuredClone(row) as Rows[typeof table])
    },
  }
}

function inconsistent(details: string): InconsistentStateError {
  return new InconsistentStateError('Store write conflicts with stored rows', {
    code: 'INCONSISTENT_STATE',
    details,
  })
}
