#!/usr/bin/env -S node --import tsx
// licen-provider: the provider node program. `licen-provider [flags]` serves the API (config from LICEN_* env
// variables, flags override); `licen-provider code-hash [--manifest]` prints the runtime code hash an auditor
// can reproduce from a checkout.
import { fileURLToPath } from 'node:url'
import { createLocalStorage, createLogger } from '@licen/sdk'
import { FLAGS, parseProviderEnvironment } from '../config/parseProviderEnvironment.js'
import { computeCodeHash } from '../identity/computeCodeHash.js'
import { startProviderNode } from '../startProviderNode.js'
import { createTrainer } from './createTrainer.js'

const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

async function codeHash(argv: string[]): Promise<void> {
  const result = await computeCodeHash({ root: REPOSITORY_ROOT })
  if (argv.includes('--manifest')) process.stdout.write(result.manifest)
  console.log(result.codeHash)
}

async function serve(argv: string[]): Promise<void> {
  const config = parseProviderEnvironment(process.env, argv)
  const log = createLogger({ level: config.logLevel, base: { service: 'provider-node' } })
  const node = await startProviderNode({
    ...config.options,
    storage: createLocalStorage({ url: config.storageUrl, uploadToken: config.storageUploadToken }),
    trainer: await createTrainer(config.trainer, log),
    baseModel: config.baseModel,
    hyperparameters: config.hyperparameters,
    log,
  })
  console.log(JSON.stringify({ url: node.url, identity: node.identity }))
  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    log.info('shutting down', { signal })
    node.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

const USAGE = `Usage: licen-provider [--<flag> <value>]…   serve the provider API (LICEN_* env variables, flags override)
       licen-provider code-hash [--manifest]   print the runtime code hash (and the files it covers)

Flags: ${Object.entries(FLAGS)
  .map(([flag, name]) => `${flag} (${name})`)
  .join(', ')}`

const [command, ...rest] = process.argv.slice(2)
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE)
  process.exit(0)
}
const run = command === 'code-hash' ? codeHash(rest) : serve(command === undefined ? [] : [command, ...rest])
run.catch((error: unknown) => {
  const { code, shortMessage, details } = error as { code?: string; shortMessage?: string; details?: string }
  console.error(
    code
      ? `licen-provider: ${code}: ${shortMessage}${details ? ` (${details})` : ''}`
      : 'licen-provider: failed to start',
  )
  process.exit(1)
})
