export { BaseError, type BaseErrorParameters, errorCode, isLicenError } from './BaseError.js'
