import {
  BaseError as LicenBaseError,
  type BaseErrorParameters as LicenBaseErrorParameters,
} from '@licen/errors'

/** Parameters every @licen/provider-node error accepts. */
export type BaseErrorParameters<code extends string = string> = LicenBaseErrorParameters<code>

/**
 * Root of every error thrown by @licen/provider-node: LICEN's one `BaseError`. Each area's error class narrows
 * `code` to its own union.
 */
export class BaseError<code extends string = string> extends LicenBaseError<code> {
  override name = 'ProviderNodeError'
}
