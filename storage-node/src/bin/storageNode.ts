#!/usr/bin/env -S node --import tsx
// licen-storage-node: the local storage node as a program.
// `licen-storage-node [--data-dir <dir>] [--port <port>] [--host <host>] [--max-bytes <n>]`
import { resolve } from 'node:path'
import { z } from 'zod'
import { StorageNodeError } from '../StorageNodeError.js'
import { type StorageNode, startStorageNode } from '../startStorageNode.js'
import { storageNodeEnv } from '../storageNodeEnv.js'

const schema = z.object({
  dataDir: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65_535),
  host: z.string().min(1),
  maxBytes: z.coerce.number().int().positive(),
})

const USAGE =
  'Usage: licen-storage-node [--data-dir <dir>] [--port <port>] [--host <host>] [--max-bytes <n>]   (env LICEN_STORAGE_DIR, _PORT, _HOST, _MAX_BYTES)'

function parse(argv: readonly string[], env: NodeJS.ProcessEnv) {
  const flags: Record<string, string> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') continue
    if (!['--data-dir', '--port', '--host', '--max-bytes'].includes(arg) || argv[i + 1] === undefined)
      throw new Error(
        `unknown or incomplete argument ${arg}\nusage: licen-storage-node [--data-dir <dir>] [--port <port>] [--host <host>] [--max-bytes <n>]`,
      )
    flags[arg.slice(2)] = argv[++i]!
  }
  const parsed = schema.safeParse({
    dataDir: resolve(flags['data-dir'] ?? env.LICEN_STORAGE_DIR ?? '.devnet/storage'),
    port: flags.port ?? env.LICEN_STORAGE_PORT ?? 4001,
    host: flags.host ?? env.LICEN_STORAGE_HOST ?? '127.0.0.1',
    maxBytes: flags['max-bytes'] ?? env.LICEN_STORAGE_MAX_BYTES ?? 4 * 1024 ** 3,
  })
  if (!parsed.success) throw new Error(`invalid storage node settings: ${z.prettifyError(parsed.error)}`)
  return parsed.data
}

const argv = process.argv.slice(2)
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(USAGE)
  process.exit(0)
}
let config: ReturnType<typeof parse>
try {
  config = parse(argv, process.env)
} catch (error) {
  console.error(`licen-storage-node: ${(error as Error).message.split('\n', 1)[0]} (see --help)`)
  process.exit(2)
}
let node: StorageNode
try {
  // Limits and the upload token come from the environment (LICEN_STORAGE_UPLOAD_TOKEN, …; see the README).
  node = await startStorageNode({
    ...config,
    ...storageNodeEnv(process.env),
    onError: (error, request) =>
      console.error(`${request.method} ${request.path} → ${error.status} ${error.code}`),
  })
} catch (error) {
  // Settings the node refuses (a non-loopback host without a token, say): the reason, no stack trace.
  if (!(error instanceof StorageNodeError)) throw error
  console.error(`licen-storage-node: ${error.code}: ${error.message}`)
  process.exit(2)
}
console.log(`storage node listening on ${node.url} (data in ${config.dataDir})`)
const stop = () => void node.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
