import type { ParseArgsConfig } from 'node:util'
import type { CliIo } from './io.js'

/** What a command gets: parsed options, positionals, IO, and whether output is JSON. */
export type CommandContext = {
  io: CliIo
  values: Record<string, string | boolean | undefined>
  positionals: string[]
  json: boolean
}

/** One `licen` sub-command. Its result is printed as one JSON line with --json, or through `format`. */
export type Command = {
  name: string
  summary: string
  usage: string
  options: NonNullable<ParseArgsConfig['options']>
  run(context: CommandContext): Promise<Record<string, unknown>>
  format(result: Record<string, unknown>): string
  /** The exit code of a result (default 0), for a command whose result can be a negative verdict. */
  exitCode?: ((result: Record<string, unknown>) => number) | undefined
}
