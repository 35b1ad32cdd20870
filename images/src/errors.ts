import { type BaseErrorParameters, BaseError as LicenBaseError } from '@licen/errors'

/** Stable codes of every error @licen/images throws. */
export type ImageErrorCode =
  | 'IMAGE_TOOL_MISSING'
  | 'IMAGE_NEEDS_ROOT'
  | 'IMAGE_LOCK_MISMATCH'
  | 'IMAGE_LOCK_INVALID'
  | 'IMAGE_COMMAND_FAILED'
  | 'IMAGE_COMMAND_TIMEOUT'
  | 'IMAGE_DOWNLOAD_FAILED'
  | 'IMAGE_PROGRAM_UNKNOWN'
  | 'IMAGE_SOURCE_INVALID'
  | 'IMAGE_TAR_INVALID'
  | 'IMAGE_NOT_REPRODUCIBLE'
  | 'IMAGE_RUN_FAILED'

/** Root of every error @licen/images throws: LICEN's one `BaseError` with an image code. */
export class ImageError extends LicenBaseError<ImageErrorCode> {
  override name = 'ImageError'

  constructor(shortMessage: string, parameters: BaseErrorParameters<ImageErrorCode>) {
    super(shortMessage, parameters)
  }
}
