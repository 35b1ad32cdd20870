import { z } from '../validation/index.js'
import { manifestSchema } from './manifestSchema.js'

/** The manifest schema as JSON Schema (draft 2020-12), for third-party validators. */
export function manifestJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(manifestSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >
}
