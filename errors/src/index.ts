export { BaseError, type BaseErrorParameters, errorCode, isLicenError } from './BaseError.js'
export { formatIssues, parseOrThrow, type SafeParser, type ValidationIssue } from './formatIssues.js'
export { parseJsonOrThrow } from './parseJsonOrThrow.js'
