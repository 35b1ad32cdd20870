import { BaseError } from '../errors.js'

/** Error for a configuration that does not parse; `details` lists each offending field. */
export class ConfigError extends BaseError {
  override name = 'ConfigError'
  declare readonly code: 'CONFIG_INVALID'

  constructor(details: string) {
    super('The provider node configuration is invalid.', { code: 'CONFIG_INVALID', details })
  }
}
