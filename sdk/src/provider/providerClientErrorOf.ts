import { formatIssues } from '../errors.js'
import type { ProviderApiFailure } from './ProviderApiFailure.js'
import { ProviderClientError } from './ProviderClientError.js'

const REQUEST_NAMES = {
  info: 'info',
  attest: 'attest',
  start: 'start',
  job: 'status',
  result: 'result',
  metrics: 'metrics',
} as const

/**
 * The sdk's own error for a failed provider API call: an unexpected status first (404 of a job: the node does not
 * know it), then unreachable, then an answer out of shape. Issues list at most 5 schema paths.
 */
export function providerClientErrorOf(failure: ProviderApiFailure): ProviderClientError {
  const subject = failure.jobId === undefined ? `${failure.method} ${failure.path}` : `job ${failure.jobId}`
  if (failure.status !== undefined && !failure.accepted) {
    if (failure.status === 404 && failure.jobId !== undefined) {
      return new ProviderClientError('The provider node does not know this job.', {
        code: 'PROVIDER_JOB_NOT_FOUND',
        details: subject,
      })
    }
    return new ProviderClientError(`The provider node refused the ${REQUEST_NAMES[failure.route]} request.`, {
      code: 'PROVIDER_BAD_RESPONSE',
      details: `HTTP ${failure.status}`,
    })
  }
  switch (failure.kind) {
    case 'endpoint':
    case 'unreachable':
      return new ProviderClientError('The provider node could not be reached.', {
        code: 'PROVIDER_UNREACHABLE',
        details: subject,
        cause: failure.kind === 'unreachable' ? failure.cause : undefined,
      })
    case 'tooLarge':
      return new ProviderClientError('The provider node answer is too large.', {
        code: 'PROVIDER_BAD_RESPONSE',
        details:
          failure.declaredBytes === undefined
            ? `more than ${failure.maxBytes} bytes`
            : `${failure.declaredBytes} bytes, at most ${failure.maxBytes}`,
      })
    case 'notJson':
      return new ProviderClientError('The provider node answered with invalid JSON.', {
        code: 'PROVIDER_BAD_RESPONSE',
        cause: failure.cause,
      })
    case 'status':
      // Unreachable: an unexpected status is handled above.
      return new ProviderClientError('The provider node refused the request.', {
        code: 'PROVIDER_BAD_RESPONSE',
        details: `HTTP ${failure.status}`,
      })
    case 'schema':
      return new ProviderClientError('The provider node answered out of the API shape.', {
        code: 'PROVIDER_BAD_RESPONSE',
        details: formatIssues(failure, 5),
      })
    case 'otherJob':
      return new ProviderClientError('The provider node answered out of the API shape.', {
        code: 'PROVIDER_BAD_RESPONSE',
        details: `answer is for job ${failure.answeredJobId}`,
      })
  }
}
