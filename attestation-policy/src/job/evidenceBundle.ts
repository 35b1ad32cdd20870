import { parseOrThrow } from '@licen/errors'
import { z } from '@licen/sdk/validation'
import { collateralSchema } from '../collateral/collateralSchema.js'
import { BaseError } from '../errors.js'

const hex0x = (bytes: number) => z.string().check(z.regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`)))
const decimal = z.string().check(z.regex(/^(0|[1-9][0-9]{0,77})$/))

/**
 * What the orchestrator stores per job attempt so anyone can re-verify it later: the quote, event log and
 * collateral it verified, when, against which policy, and the inputs of the report_data binding.
 */
export const evidenceBundleSchema = z.strictObject({
  format: z.literal('licen/attestation-evidence/v1'),
  /** TDX quote, hex without 0x. */
  quote: z.string().check(z.maxLength(65_536), z.regex(/^([0-9a-f]{2})+$/)),
  /** Event log JSON text exactly as the guest agent returned it. */
  eventLog: z.string().check(z.maxLength(1_048_576)),
  collateral: collateralSchema,
  /** Unix seconds the orchestrator verified at (auditors judge collateral at this time). */
  verifiedAt: z.int().check(z.minimum(0)),
  policyHash: hex0x(32),
  binding: z.strictObject({
    chainId: decimal,
    dataPolicy: hex0x(20),
    jobId: decimal,
    nonce: hex0x(32),
    encPubKey: hex0x(33),
    signer: hex0x(20),
  }),
})

export type EvidenceBundle = z.infer<typeof evidenceBundleSchema>

/** Validates an evidence bundle; throws JOB_EVIDENCE_INVALID naming each problem. */
export function parseEvidenceBundle(value: unknown): EvidenceBundle {
  return parseOrThrow(
    evidenceBundleSchema,
    value,
    (details) =>
      new BaseError('The stored attestation evidence is malformed.', {
        code: 'JOB_EVIDENCE_INVALID',
        details,
      }),
  )
}
