import { BaseError as AttestationError } from '@licen/attestation-policy'
import { DataPolicyError, EnvelopeError, ManifestError, StorageError } from '@licen/sdk'
import { describe, expect, test } from 'vitest'
import { OrchestratorError } from '../errors.js'
import { classifyError } from './classifyError.js'
import { JobFailure } from './JobFailure.js'

const refused = (providerCode: string) =>
  new OrchestratorError('The provider refused the request.', { code: 'PROVIDER_REFUSED', providerCode })

describe('classifyError', () => {
  test('default: a JobFailure ends the job with its code', () => {
    expect(classifyError(new JobFailure('DATASET_DELISTED', 'why'), 'attest')).toEqual({
      kind: 'fail',
      code: 'DATASET_DELISTED',
      detail: 'why',
    })
  })

  test.each([
    [new OrchestratorError('x', { code: 'LEASE_LOST' }), 'attest', { kind: 'lost' }],
    [
      refused('JOB_NOT_FOR_PROVIDER'),
      'attest',
      { kind: 'fail', code: 'ATTESTATION_REFUSED', detail: 'JOB_NOT_FOR_PROVIDER' },
    ],
    [
      refused('CHAIN_MISMATCH'),
      'attest',
      { kind: 'fail', code: 'ATTESTATION_REFUSED', detail: 'CHAIN_MISMATCH' },
    ],
    // A busy or restarting provider is retried, then failed as unreachable after the grace period.
    [
      refused('TOO_MANY_PENDING'),
      'attest',
      { kind: 'retry', code: 'TOO_MANY_PENDING', graceCode: 'PROVIDER_UNREACHABLE' },
    ],
    // The provider's pending slots are also capped per requester and per dataset: retried the same way.
    [
      refused('TOO_MANY_PENDING_FOR_REQUESTER'),
      'attest',
      { kind: 'retry', code: 'TOO_MANY_PENDING_FOR_REQUESTER', graceCode: 'PROVIDER_UNREACHABLE' },
    ],
    [
      refused('TOO_MANY_PENDING_FOR_DATASET'),
      'attest',
      { kind: 'retry', code: 'TOO_MANY_PENDING_FOR_DATASET', graceCode: 'PROVIDER_UNREACHABLE' },
    ],
    [
      refused('JOB_NOT_FOR_PROVIDER'),
      'handover',
      { kind: 'retry', code: 'JOB_NOT_FOR_PROVIDER', graceCode: 'PROVIDER_UNREACHABLE' },
    ],
    [
      new OrchestratorError('x', { code: 'PROVIDER_UNREACHABLE' }),
      'track',
      { kind: 'retry', code: 'PROVIDER_UNREACHABLE', graceCode: 'PROVIDER_UNREACHABLE' },
    ],
    // A private endpoint does not become public by waiting: the job fails at once.
    [
      new OrchestratorError('x', { code: 'PROVIDER_ENDPOINT_NOT_PUBLIC', details: '10.0.0.7' }),
      'attest',
      { kind: 'fail', code: 'PROVIDER_ENDPOINT_NOT_PUBLIC', detail: '10.0.0.7' },
    ],
    [
      new EnvelopeError('x', { code: 'ENVELOPE_CONTEXT_MISMATCH' }),
      'evidence',
      { kind: 'fail', code: 'KEY_ENVELOPE_MISMATCH', detail: 'ENVELOPE_CONTEXT_MISMATCH' },
    ],
    [
      new EnvelopeError('x', { code: 'ENVELOPE_OWNER_MISMATCH' }),
      'evidence',
      { kind: 'fail', code: 'DATASET_OWNER_MISMATCH', detail: 'ENVELOPE_OWNER_MISMATCH' },
    ],
    [
      new EnvelopeError('x', { code: 'ENVELOPE_DOMAIN_MISMATCH' }),
      'evidence',
      { kind: 'fail', code: 'KEY_ENVELOPE_INVALID', detail: 'ENVELOPE_DOMAIN_MISMATCH' },
    ],
    [
      new EnvelopeError('x', { code: 'ENVELOPE_DECRYPT_FAILED' }),
      'evidence',
      { kind: 'fail', code: 'KEY_ENVELOPE_INVALID', detail: 'ENVELOPE_DECRYPT_FAILED' },
    ],
    [
      new ManifestError('x', { code: 'MANIFEST_INVALID' }),
      'attest',
      { kind: 'fail', code: 'MANIFEST_INVALID', detail: 'MANIFEST_INVALID' },
    ],
    // A quote with bytes its signature does not cover (e.g. trailing bytes), refused while reading its platform.
    [
      new AttestationError('x', { code: 'QUOTE_INVALID' }),
      'attest',
      { kind: 'fail', code: 'ATTESTATION_REJECTED', detail: 'QUOTE_INVALID' },
    ],
    [
      new OrchestratorError('x', { code: 'MANIFEST_UNAVAILABLE' }),
      'attest',
      { kind: 'retry', code: 'MANIFEST_UNAVAILABLE', graceCode: 'MANIFEST_UNAVAILABLE' },
    ],
    [
      new StorageError('x', { code: 'STORAGE_TIMEOUT' }),
      'evidence',
      { kind: 'retry', code: 'STORAGE_TIMEOUT', graceCode: 'STORAGE_UNAVAILABLE' },
    ],
    [
      Object.assign(new Error('x'), { code: 'PCCS_FETCH_FAILED' }),
      'attest',
      { kind: 'retry', code: 'PCCS_FETCH_FAILED', graceCode: 'COLLATERAL_UNAVAILABLE' },
    ],
    // The chain being down never fails a job (it could not be recorded anyway): retried until it is back.
    [
      new DataPolicyError('x', { code: 'CHAIN_RPC_FAILED' }),
      'startJob',
      { kind: 'retry', code: 'CHAIN_RPC_FAILED', graceCode: undefined },
    ],
    [new Error('boom'), 'settle', { kind: 'retry', code: 'INTERNAL_ERROR', graceCode: undefined }],
  ])('behavior: %s during %s', (error, step, expected) => {
    expect(classifyError(error, step)).toEqual(expected)
  })
})
