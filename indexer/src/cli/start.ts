// `pnpm --filter @licen/indexer start`: runs the indexer until SIGINT/SIGTERM. Configured by environment:
// LICEN_DEPLOYMENT_FILE, LICEN_RPC_URL, DATABASE_URL or LICEN_INDEXER_DATA_DIR (default indexer/.data/pglite),
// LICEN_INDEXER_PORT (42069), LICEN_INDEXER_HOST (127.0.0.1), LICEN_INDEXER_POLLING_MS (1000),
// LICEN_INDEXER_GETLOGS_RANGE, LICEN_INDEXER_SCHEMA.
import { join } from 'node:path'
import { parseStartEnv } from '../config.js'
import { BaseError } from '../errors.js'
import { indexerRoot } from '../paths.js'
import { startIndexer } from '../startIndexer.js'

try {
  const settings = parseStartEnv(process.env, join(indexerRoot, '.data', 'pglite'))
  const indexer = await startIndexer({
    ...settings,
    waitFor: 'listening',
    onLog: (line) => console.log(line),
  })
  console.log(`GraphQL at ${indexer.graphqlUrl} (POST); schema ${indexer.schema}`)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void indexer.stop().then(() => process.exit(0))
    })
  }
  const reason = await indexer.exited
  console.error(`indexer stopped: ${reason}`)
  process.exit(1)
} catch (error) {
  if (error instanceof BaseError) console.error(`${error.code}: ${error.message}`)
  else console.error(error)
  process.exit(1)
}
