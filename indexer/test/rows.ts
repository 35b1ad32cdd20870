// Reads every indexer table through GraphQL (all scalar fields, found by introspection, paginated), and turns
// in-memory store rows into the same JSON form.
import { graphqlRequest } from '../src/graphqlRequest.js'
import type { MemoryStore } from '../src/handlers/memoryStore.js'
import type { TableName } from '../src/handlers/types.js'
import type { JsonRow, TablesJson } from './expectedRows.js'

export const tableNames: TableName[] = [
  'dataset',
  'policyVersion',
  'provider',
  'attestationPolicyRecord',
  'releaseKey',
  'job',
  'account',
  'orchestrator',
  'protocol',
  'activityEvent',
]

type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null }

/** Names of a GraphQL object type's scalar and enum fields (its columns, not its relations). */
export async function columnsOf(graphqlUrl: string, typeName: string): Promise<string[]> {
  const data = await graphqlRequest<{ __type: { fields: { name: string; type: TypeRef }[] } | null }>({
    url: graphqlUrl,
    query: `query ($name: String!) { __type(name: $name) { fields { name type { kind name ofType { kind name ofType { kind name } } } } } }`,
    variables: { name: typeName },
  })
  if (data.__type === null) throw new Error(`no GraphQL type ${typeName}`)
  const unwrap = (type: TypeRef): TypeRef =>
    type.ofType && type.kind === 'NON_NULL' ? unwrap(type.ofType) : type
  return data.__type.fields
    .filter((field) => ['SCALAR', 'ENUM'].includes(unwrap(field.type).kind))
    .map((field) => field.name)
}

/** Every row of every table through GraphQL, `pageSize` rows per request (exercising cursors). */
export async function readAllRows(graphqlUrl: string, pageSize = 4): Promise<TablesJson> {
  const tables = {} as TablesJson
  for (const table of tableNames) {
    const columns = await columnsOf(graphqlUrl, table)
    tables[table] = {}
    let after: string | null = null
    for (;;) {
      const data: Record<
        string,
        { items: JsonRow[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }
      > = await graphqlRequest({
        url: graphqlUrl,
        query: `query ($after: String, $limit: Int) { ${table}s(after: $after, limit: $limit) { items { ${columns.join(' ')} } pageInfo { hasNextPage endCursor } } }`,
        variables: { after, limit: pageSize },
      })
      const page = data[`${table}s`]!
      for (const row of page.items) tables[table][String(row.id)] = row
      if (!page.pageInfo.hasNextPage) break
      after = page.pageInfo.endCursor
    }
  }
  return tables
}

/** Rows of an in-memory store in GraphQL's JSON form (bigints as decimal strings). */
export function memoryRows(store: MemoryStore): TablesJson {
  const tables = {} as TablesJson
  for (const table of tableNames) {
    tables[table] = {}
    for (const row of store.rows(table)) {
      const json = Object.fromEntries(
        Object.entries(row).map(([key, value]) => [
          key,
          typeof value === 'bigint' ? value.toString() : value,
        ]),
      )
      tables[table][String(row.id)] = json
    }
  }
  return tables
}
