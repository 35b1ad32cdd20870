import { BaseError } from '../errors.js'

/** A body passed the byte cap its reader was given (declared by `content-length` or counted as it streamed). */
export class BodyTooLargeError extends BaseError {
  override name = 'BodyTooLargeError'
  declare readonly code: 'BODY_TOO_LARGE'
  /** The cap, in bytes. */
  readonly maxBytes: number
  /** The length the sender declared, when that alone was over the cap; undefined when counted while reading. */
  readonly declaredBytes: number | undefined

  constructor(parameters: { maxBytes: number; declaredBytes?: number | undefined }) {
    super('The body is too large.', {
      code: 'BODY_TOO_LARGE',
      details:
        parameters.declaredBytes === undefined
          ? `more than ${parameters.maxBytes} bytes`
          : `${parameters.declaredBytes} bytes, at most ${parameters.maxBytes}`,
    })
    this.maxBytes = parameters.maxBytes
    this.declaredBytes = parameters.declaredBytes
  }
}
