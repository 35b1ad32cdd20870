import { BaseError } from '../errors.js'

const REASON = /^[A-Z][A-Z0-9_]{0,31}$/

/**
 * The failure code a started job reports for `error`: the stable code of any LICEN error (ours or the SDK's),
 * `INTERNAL_ERROR` for anything else. Codes fit the contract's bytes32 reason (upper-snake ASCII, ≤ 32 chars).
 */
export function failureCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code
  if (typeof code === 'string' && REASON.test(code) && isLicenError(error)) return code
  return 'INTERNAL_ERROR'
}

// Other packages subclass their own BaseError; all of them carry `shortMessage` and an upper-snake `code`.
function isLicenError(error: unknown): boolean {
  return (
    error instanceof BaseError ||
    (error instanceof Error && typeof (error as { shortMessage?: unknown }).shortMessage === 'string')
  )
}
