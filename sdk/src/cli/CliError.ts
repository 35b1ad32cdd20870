import { BaseError } from '../errors.js'

/** Stable codes of CLI usage and file failures (operation failures keep their library codes). */
export type CliErrorCode =
  /** Unknown command or option, missing argument, bad value. */
  | 'CLI_USAGE'
  /** The input file cannot be read. */
  | 'CLI_INPUT_UNREADABLE'
  /** The output exists (and --force was not given) or cannot be written. */
  | 'CLI_OUTPUT_UNWRITABLE'

/** Error for CLI usage and file problems; exit code 2 for usage, 1 otherwise. */
export class CliError extends BaseError {
  override name = 'CliError'
  declare readonly code: CliErrorCode

  constructor(code: CliErrorCode, shortMessage: string, options: { details?: string; cause?: unknown } = {}) {
    super(shortMessage, { code, details: options.details, cause: options.cause })
  }
}
