import { parseArgs } from 'node:util'
import { BaseError } from '@licen/sdk'
import { CliError } from './CliError.js'
import type { Command } from './command.js'
import { appConfigCommand } from './commands/appConfig.js'
import { decryptCommand } from './commands/decrypt.js'
import { deploymentCommand } from './commands/deployment.js'
import { downloadCommand } from './commands/download.js'
import { encryptCommand } from './commands/encrypt.js'
import { inspectCommand } from './commands/inspect.js'
import { orchestratorCommand } from './commands/orchestrator.js'
import { policyCommand } from './commands/policy.js'
import { providerCommand } from './commands/provider.js'
import { publishCommand } from './commands/publish.js'
import { releaseKeyCommand } from './commands/releaseKey.js'
import { requestCommand } from './commands/request.js'
import { resealCommand } from './commands/reseal.js'
import { rootCommand } from './commands/root.js'
import { statusCommand } from './commands/status.js'
import { storageCommand } from './commands/storage.js'
import type { CliIo } from './io.js'

/** The `licen` commands; each gets --json and --help from `runCli`. */
export const commands: readonly Command[] = [
  rootCommand,
  inspectCommand,
  encryptCommand,
  decryptCommand,
  publishCommand,
  releaseKeyCommand,
  resealCommand,
  requestCommand,
  statusCommand,
  downloadCommand,
  storageCommand,
  appConfigCommand,
  deploymentCommand,
  policyCommand,
  orchestratorCommand,
  providerCommand,
]

const VERSION = '0.1.0'

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  return [
    'licen: LICEN dataset tools',
    '',
    'Usage: licen <command> [options]   (pnpm licen … from the repository root; paths are relative to your shell)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --json (one JSON object on stdout, errors as {"ok":false,"error":{…}}) and --help.',
    'Keys on the command line are visible to other local users; prefer --key-file on shared machines.',
  ].join('\n')
}

/**
 * Runs `licen` with `argv` (without node and script) and returns the process exit code: 0, 1 (failed), 2 (usage),
 * or a command's own verdict (`inspect`: 3 when no row is trainable).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json')
  const [name, ...rest] = argv.filter((arg) => arg !== '--json')
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(`${help()}\n`)
    return name === undefined ? 2 : 0
  }
  if (name === '--version') {
    io.stdout.write(`${json ? JSON.stringify({ version: VERSION }) : VERSION}\n`)
    return 0
  }
  const command = commands.find((c) => c.name === name)
  try {
    if (!command)
      throw new CliError(`Unknown command "${name}".`, { code: 'CLI_USAGE', details: 'see licen --help' })
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n`)
      return 0
    }
    let parsed: ReturnType<typeof parseArgs>
    try {
      parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true })
    } catch (cause) {
      throw new CliError((cause as Error).message, { code: 'CLI_USAGE', details: `usage: ${command.usage}` })
    }
    const result = await command.run({
      io,
      values: parsed.values as Record<string, string | boolean | undefined>,
      positionals: parsed.positionals,
      json,
    })
    io.stdout.write(`${json ? JSON.stringify({ ok: true, ...result }) : command.format(result)}\n`)
    return command.exitCode?.(result) ?? 0
  } catch (error) {
    const failure =
      error instanceof BaseError
        ? { code: error.code, message: error.shortMessage, details: error.details }
        : { code: 'CLI_INTERNAL', message: error instanceof Error ? error.message : String(error) }
    if (json) {
      io.stdout.write(`${JSON.stringify({ ok: false, error: failure })}\n`)
    } else {
      io.stderr.write(
        `licen ${name}: ${failure.code}: ${failure.message}${failure.details ? ` (${failure.details})` : ''}\n`,
      )
    }
    return error instanceof CliError && error.code === 'CLI_USAGE' ? 2 : 1
  }
}
