import { BaseError } from '../errors.js'

/** A bad command line: printed with the usage text, exit code 2. */
export class UsageError extends BaseError {
  override name = 'UsageError'

  constructor(shortMessage: string) {
    super(shortMessage, { code: 'INPUT_INVALID' })
  }
}
