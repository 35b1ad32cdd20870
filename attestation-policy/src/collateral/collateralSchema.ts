import { parseOrThrow } from '@licen/errors'
import { z } from '@licen/sdk/validation'
import { BaseError } from '../errors.js'

const pem = (max: number) =>
  z.string().check(z.minLength(1), z.maxLength(max), z.includes('-----BEGIN CERTIFICATE-----'))
const hexField = (max: number) => z.string().check(z.maxLength(max), z.regex(/^([0-9a-fA-F]{2})+$/, 'hex'))
/** A string of `min` to `max` characters. */
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max))

/**
 * DCAP quote collateral (dcap-qvl `QuoteCollateralV3` JSON: CRLs and signatures as hex, chains as PEM, TCB info and
 * QE identity as the exact JSON text Intel signed). Sizes are bounded; unknown fields refused.
 */
export const collateralSchema = z.strictObject({
  pck_crl_issuer_chain: pem(16_384),
  root_ca_crl: hexField(16_384),
  pck_crl: hexField(2_097_152),
  tcb_info_issuer_chain: pem(16_384),
  tcb_info: text(2, 262_144),
  tcb_info_signature: hexField(256),
  qe_identity_issuer_chain: pem(16_384),
  qe_identity: text(2, 65_536),
  qe_identity_signature: hexField(256),
})

/** Quote collateral as dcap-qvl and PCCS deliver it. */
export type Collateral = z.infer<typeof collateralSchema>

/** Validates collateral JSON (object form); throws COLLATERAL_INVALID naming each problem. */
export function parseCollateral(value: unknown): Collateral {
  return parseOrThrow(
    collateralSchema,
    value,
    (details) => new BaseError('The quote collateral is malformed.', { code: 'COLLATERAL_INVALID', details }),
  )
}
