export { CliError, type CliErrorCode } from './CliError.js'
export type { CliIo } from './io.js'
export { commands, runCli } from './runCli.js'
