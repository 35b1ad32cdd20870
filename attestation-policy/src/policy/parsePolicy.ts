import { parseJsonOrThrow, parseOrThrow } from '@licen/errors'
import { BaseError } from '../errors.js'
import { findDuplicateKey } from '../json/scanJson.js'
import { type AttestationPolicy, attestationPolicySchema } from './policySchema.js'

/** Largest policy file accepted, in characters. */
export const MAX_POLICY_JSON_LENGTH = 65_536

/** Validates a policy object against the schema; throws POLICY_INVALID listing every problem. */
export function parsePolicy(value: unknown): AttestationPolicy {
  return parseOrThrow(
    attestationPolicySchema,
    value,
    (details) => new BaseError('The attestation policy is invalid.', { code: 'POLICY_INVALID', details }),
  )
}

/** Parses policy JSON text: bounded size, valid JSON, no duplicate keys, then the schema. */
export function parsePolicyJson(text: string): AttestationPolicy {
  if (text.length > MAX_POLICY_JSON_LENGTH) {
    throw new BaseError('The attestation policy is too large.', {
      code: 'POLICY_INVALID',
      details: `${text.length} characters, at most ${MAX_POLICY_JSON_LENGTH}`,
    })
  }
  const value = parseJsonOrThrow(
    text,
    (error) =>
      new BaseError('The attestation policy is not valid JSON.', {
        code: 'POLICY_INVALID',
        details: error.message,
      }),
  )
  const duplicate = findDuplicateKey(text)
  if (duplicate) {
    throw new BaseError('The attestation policy repeats a key.', {
      code: 'POLICY_INVALID',
      details: `${duplicate} appears twice`,
    })
  }
  return parsePolicy(value)
}
