import { BaseError } from '../../errors.js'

/** Error thrown for bytes that are not a well-formed safetensors file (or tensors that cannot be written as one). */
export class SafetensorsError extends BaseError {
  override name = 'SafetensorsError'
  declare readonly code: 'SAFETENSORS_INVALID'

  constructor(details: string, cause?: unknown) {
    super('Invalid safetensors data.', { code: 'SAFETENSORS_INVALID', details, cause })
  }
}
