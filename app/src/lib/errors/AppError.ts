import { BaseError } from '@licen/sdk'

/** Root of every error the app raises itself: a short message, a stable code, optional details and cause. */
export class AppError extends BaseError {
  override name = 'LicenAppError'
}
