// Worker threads do not inherit tsx's loader on Node 20 (`execArgv: ['--import', 'tsx']` fails with
// ERR_UNKNOWN_FILE_EXTENSION), so this plain-JS entry imports the TypeScript worker through tsx's API.
import { workerData } from 'node:worker_threads'
import { tsImport } from 'tsx/esm/api'

await tsImport(workerData.entry, import.meta.url)
