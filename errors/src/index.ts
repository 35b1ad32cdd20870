export { BaseError, type BaseErrorParameters, errorCode, isLicenError } from './BaseError.js'
export { formatIssues, type ValidationIssue } from './formatIssues.js'
