#!/usr/bin/env -S npx tsx
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { z } from '@licen/sdk/validation'
import { startDevTeeAgent } from '../devTee/startDevTeeAgent.js'

const configSchema = z.strictObject({
  port: z.coerce.number().check(z.int(), z.minimum(0), z.maximum(65_535)),
  host: z._default(z.string().check(z.minLength(1), z.maxLength(255)), '127.0.0.1'),
  'state-dir': z.optional(z.string().check(z.minLength(1))),
  'compose-file': z.optional(z.string().check(z.minLength(1))),
  debug: z._default(z.boolean(), false),
})

const usage = `usage: licen-dev-tee --port <n> [--host 127.0.0.1] [--state-dir <dir>] [--compose-file <app-compose.json>] [--debug]

Development dstack guest agent (Info, GetQuote, GetKey, EmitEvent, Version) and PCCS collateral endpoints.
Point @phala/dstack-sdk at it with DSTACK_SIMULATOR_ENDPOINT=<printed url>. Quotes verify only under a dev-mock policy.`

async function main(): Promise<void> {
  let values: Record<string, unknown>
  try {
    values = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'state-dir': { type: 'string' },
        'compose-file': { type: 'string' },
        debug: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    }).values
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`)
    process.exit(2)
  }
  if (values.help) {
    console.log(usage)
    return
  }
  delete values.help
  const parsed = configSchema.safeParse(values)
  if (!parsed.success) {
    console.error(
      `invalid options: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}\n\n${usage}`,
    )
    process.exit(2)
  }
  const config = parsed.data
  const appCompose = config['compose-file'] ? await readFile(config['compose-file'], 'utf8') : undefined
  const agent = await startDevTeeAgent({
    port: config.port,
    host: config.host,
    stateDir: config['state-dir'],
    appCompose,
    debug: config.debug,
  })
  console.log(
    JSON.stringify({
      url: agent.url,
      rootCaSha256: agent.rootCaSha256,
      composeHash: agent.tee.composeHash,
      appId: agent.tee.appId,
      instanceId: agent.tee.instanceId,
      debug: config.debug,
    }),
  )
  const stop = () => {
    agent.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
