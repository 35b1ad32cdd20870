/**
 * The one error model of LICEN. `BaseError` is defined once, in `@licen/errors` (a dependency-free package at the
 * bottom of the stack, so that `@licen/contracts`, which the sdk imports, can use it too); this module is its home
 * for sdk users. Every error of every package subclasses it.
 */
export {
  BaseError,
  type BaseErrorParameters,
  errorCode,
  formatIssues,
  isLicenError,
  parseJsonOrThrow,
  parseOrThrow,
  type SafeParser,
  type ValidationIssue,
} from '@licen/errors'
