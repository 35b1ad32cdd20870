import type { ProviderErrorBody } from '@licen/sdk/provider-api'

/** HTTP status per stable error code; codes not listed answer 500. */
const STATUS: Record<string, number> = {
  INVALID_REQUEST: 400,
  INVALID_JOB_ID: 400,
  CHAIN_MISMATCH: 400,
  REQUEST_AUTH_MISSING: 401,
  REQUEST_AUTH_MALFORMED: 401,
  REQUEST_AUTH_EXPIRED: 401,
  REQUEST_AUTH_BAD_SIGNATURE: 401,
  REQUEST_AUTH_REPLAYED: 401,
  REQUEST_AUTH_NOT_ORCHESTRATOR: 403,
  NOT_FOUND: 404,
  JOB_NOT_FOUND: 404,
  JOB_NOT_ATTESTED: 409,
  JOB_ALREADY_STARTED: 409,
  JOB_NOT_GRANTED: 409,
  JOB_NOT_FOR_PROVIDER: 409,
  NONCE_REUSED: 409,
  RESULT_NOT_READY: 409,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  REQUEST_AUTH_UNAVAILABLE: 503,
  REQUEST_AUTH_BUSY: 503,
  TOO_MANY_PENDING: 503,
  TOO_MANY_PENDING_FOR_REQUESTER: 503,
  TOO_MANY_PENDING_FOR_DATASET: 503,
  SHUTTING_DOWN: 503,
  CHAIN_UNAVAILABLE: 503,
  CHAIN_ID_MISMATCH: 503,
  TEE_UNAVAILABLE: 503,
  TEE_BAD_RESPONSE: 502,
}

/** JSON body of every error answer (provider API v1). */
export type ErrorBody = ProviderErrorBody

/**
 * Maps an error to its HTTP status and JSON body. Only LICEN errors with a known code pass their short message;
 * anything else answers `INTERNAL_ERROR` without detail (details may hold internals; they are logged instead).
 */
export function errorResponse(error: unknown): { status: number; body: ErrorBody } {
  // Errors of every LICEN package (ours and the SDK's) carry a stable `code` and a `shortMessage` safe to show.
  const { code, shortMessage } = (error ?? {}) as { code?: unknown; shortMessage?: unknown }
  if (
    error instanceof Error &&
    typeof code === 'string' &&
    typeof shortMessage === 'string' &&
    code in STATUS
  ) {
    return { status: STATUS[code]!, body: { error: { code, message: shortMessage } } }
  }
  return { status: 500, body: { error: { code: 'INTERNAL_ERROR', message: 'Internal error.' } } }
}
