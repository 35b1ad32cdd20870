import { errorCode } from '../errors.js'
import type { FailureCode } from './failureCodes.js'
import { JobFailure } from './JobFailure.js'

/** How a step error is handled. */
export type ErrorClass =
  /** End the job now with this reason. */
  | { kind: 'fail'; code: FailureCode; detail: string | undefined }
  /** Try again later; after the grace period fail with `graceCode`, or keep trying when it is undefined. */
  | { kind: 'retry'; code: string; graceCode: FailureCode | undefined }
  /** Another instance owns the job now: let go. */
  | { kind: 'lost' }

/** Provider refusals that no retry will change. */
const PERMANENT_ATTEST_REFUSALS = new Set([
  'JOB_NOT_FOR_PROVIDER',
  'CHAIN_MISMATCH',
  'INVALID_REQUEST',
  'INVALID_JOB_ID',
  'JOB_ALREADY_STARTED',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
])

/** Classifies an error thrown while advancing a job in `step`. */
export function classifyError(error: unknown, step: string): ErrorClass {
  if (error instanceof JobFailure) return { kind: 'fail', code: error.code, detail: error.detail }
  const code = errorCode(error)
  if (code === 'LEASE_LOST') return { kind: 'lost' }
  const providerCode = (error as { providerCode?: string }).providerCode
  if (
    code === 'PROVIDER_REFUSED' &&
    step === 'attest' &&
    providerCode &&
    PERMANENT_ATTEST_REFUSALS.has(providerCode)
  ) {
    return { kind: 'fail', code: 'ATTESTATION_REFUSED', detail: providerCode }
  }
  if (code.startsWith('ENVELOPE_')) {
    return {
      kind: 'fail',
      code:
        code === 'ENVELOPE_OWNER_MISMATCH'
          ? 'DATASET_OWNER_MISMATCH'
          : code === 'ENVELOPE_CONTEXT_MISMATCH'
            ? 'KEY_ENVELOPE_MISMATCH'
            : 'KEY_ENVELOPE_INVALID',
      detail: code,
    }
  }
  if (code.startsWith('MANIFEST_') && code !== 'MANIFEST_UNAVAILABLE') {
    return { kind: 'fail', code: 'MANIFEST_INVALID', detail: code }
  }
  if (code === 'MANIFEST_UNAVAILABLE') return { kind: 'retry', code, graceCode: 'MANIFEST_UNAVAILABLE' }
  if (code === 'PCCS_FETCH_FAILED') return { kind: 'retry', code, graceCode: 'COLLATERAL_UNAVAILABLE' }
  // The provider's quote bytes themselves are malformed (found while selecting its collateral): no retry changes them.
  if (code === 'QUOTE_INVALID') return { kind: 'fail', code: 'ATTESTATION_REJECTED', detail: code }
  // An endpoint on a loopback or private address will not become public by waiting: fail now, full refund.
  if (code === 'PROVIDER_ENDPOINT_NOT_PUBLIC') {
    return {
      kind: 'fail',
      code: 'PROVIDER_ENDPOINT_NOT_PUBLIC',
      detail: (error as { details?: string }).details,
    }
  }
  if (code.startsWith('PROVIDER_'))
    return { kind: 'retry', code: providerCode ?? code, graceCode: 'PROVIDER_UNREACHABLE' }
  if (code.startsWith('STORAGE_')) return { kind: 'retry', code, graceCode: 'STORAGE_UNAVAILABLE' }
  // Chain, database and unexpected errors: keep trying (a failure cannot be recorded without the chain anyway;
  // the job's deadline still bounds the researcher's wait, since anyone may reclaim after it).
  return { kind: 'retry', code, graceCode: undefined }
}
