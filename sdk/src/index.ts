export { BaseError, type BaseErrorParameters } from './errors.js'
export { dataPolicyAbi, dataPolicyAbiHash } from './generated/dataPolicyAbi.js'
