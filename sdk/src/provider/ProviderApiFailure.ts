import type { z } from '../validation/index.js'
import type { ProviderRouteName } from './providerRoutes.js'

/**
 * Why a provider API call failed, as data: the client turns it into the caller's error (`mapError`), so each caller
 * keeps its own codes and messages. `status` is set once an answer arrived.
 */
export type ProviderApiFailure = {
  route: ProviderRouteName
  method: 'GET' | 'POST'
  /** The path as sent and signed (with the endpoint's own path prefix); the endpoint itself when it is unusable. */
  path: string
  jobId: bigint | undefined
  /** The HTTP status, once an answer arrived. */
  status?: number | undefined
  /** Whether that status is one the route succeeds with (a body failing under another status is a refusal too). */
  accepted?: boolean | undefined
} & (
  | {
      /** The endpoint is not an http(s) URL. */
      kind: 'endpoint'
      reason: 'not a URL' | 'not http(s)'
    }
  | {
      /** No answer (`phase: 'request'`), or the answer broke off (`phase: 'body'`). */
      kind: 'unreachable'
      phase: 'request' | 'body'
      /** The client's own deadline passed. */
      timedOut: boolean
      cause: unknown
    }
  | { kind: 'tooLarge'; maxBytes: number; declaredBytes: number | undefined }
  | { kind: 'notJson'; cause: unknown }
  | {
      /** An HTTP status the route does not answer with on success. */
      kind: 'status'
      status: number
      /** The answer's `error.code`, or `HTTP_<status>` when it has none. */
      providerCode: string
    }
  | { kind: 'schema'; issues: z.core.$ZodIssue[] }
  /** The job answer names another job. */
  | { kind: 'otherJob'; answeredJobId: bigint }
)
