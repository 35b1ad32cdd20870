import { z } from '@licen/sdk/validation'
import { attestationPolicySchema } from './policySchema.js'

/** The JSON Schema (draft 2020-12) of an attestation policy, generated from the zod schema. */
export function policyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(attestationPolicySchema, { target: 'draft-2020-12' }) as Record<string, unknown>
}
