import { z } from '@licen/sdk/validation'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils'
import type { Address, Hex } from 'viem'
import { type Collateral, collateralSchema } from '../collateral/collateralSchema.js'
import { BaseError } from '../errors.js'
import { formatIssues } from '../formatIssues.js'
import { findDuplicateKey } from '../json/scanJson.js'

/** Format tag of a release key's evidence document. */
export const RELEASE_KEY_EVIDENCE_FORMAT = 'licen/release-key-evidence/v1'

/** Largest evidence document read or written, in bytes (collateral CRLs dominate). */
export const MAX_RELEASE_KEY_EVIDENCE_BYTES = 4 * 1024 * 1024

const hex0x = (bytes: number) => z.string().check(z.regex(new RegExp(`^0x[0-9a-f]{${bytes * 2}}$`)))

/**
 * What the orchestrator stores for each release key it registers (the storage root is the key's `evidenceRef`):
 * the TDX quote whose report_data is `releaseKeyReportData(binding)`, the event log and collateral it was made
 * with, when, and the binding `{chainId, dataPolicy, publicKey}`. Lowercase hex only, so each document has one
 * spelling; unknown fields are refused.
 */
export const releaseKeyEvidenceSchema = z.strictObject({
  format: z.literal(RELEASE_KEY_EVIDENCE_FORMAT),
  /** TDX quote, hex without 0x. */
  quote: z.string().check(z.maxLength(65_536), z.regex(/^([0-9a-f]{2})+$/)),
  /** Event log JSON text exactly as the guest agent returned it. */
  eventLog: z.string().check(z.maxLength(1_048_576)),
  collateral: collateralSchema,
  /** Unix seconds the quote and collateral were taken (verifiers judge the collateral at this time). */
  createdAt: z.int().check(z.minimum(0), z.maximum(2 ** 40)),
  binding: z.strictObject({
    chainId: z.int().check(z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER)),
    dataPolicy: hex0x(20),
    publicKey: z.string().check(z.regex(/^0x0[23][0-9a-f]{64}$/, 'a 33-byte compressed secp256k1 key')),
  }),
})

/** A release key's evidence document. */
export type ReleaseKeyEvidence = z.infer<typeof releaseKeyEvidenceSchema>

export type BuildReleaseKeyEvidenceParameters = {
  chainId: number
  dataPolicy: Address
  publicKey: Hex
  /** The TDX quote (bytes, or hex with or without 0x). */
  quote: Uint8Array | string
  eventLog: string
  collateral: Collateral
  /** Unix seconds the quote and collateral were taken. */
  createdAt: number
}

function invalid(shortMessage: string, details: string, cause?: unknown): BaseError {
  return new BaseError(shortMessage, { code: 'RELEASE_KEY_EVIDENCE_INVALID', details, cause })
}

function validate(value: unknown): ReleaseKeyEvidence {
  const parsed = releaseKeyEvidenceSchema.safeParse(value)
  if (!parsed.success) throw invalid('The release key evidence is malformed.', formatIssues(parsed.error))
  return parsed.data
}

/**
 * The evidence document's JSON text for a release key (validated against the schema and size bound, hex
 * lowercased); the orchestrator stores these UTF-8 bytes and registers their storage root as `evidenceRef`.
 */
export function buildReleaseKeyEvidence(parameters: BuildReleaseKeyEvidenceParameters): string {
  const quote =
    typeof parameters.quote === 'string'
      ? parameters.quote.replace(/^0x/, '').toLowerCase()
      : bytesToHex(parameters.quote)
  const evidence = validate({
    format: RELEASE_KEY_EVIDENCE_FORMAT,
    quote,
    eventLog: parameters.eventLog,
    collateral: parameters.collateral,
    createdAt: parameters.createdAt,
    binding: {
      chainId: parameters.chainId,
      dataPolicy: parameters.dataPolicy.toLowerCase(),
      publicKey: parameters.publicKey.toLowerCase(),
    },
  })
  const text = JSON.stringify(evidence)
  const size = new TextEncoder().encode(text).length
  if (size > MAX_RELEASE_KEY_EVIDENCE_BYTES)
    throw invalid(
      'The release key evidence is too large.',
      `${size} bytes, at most ${MAX_RELEASE_KEY_EVIDENCE_BYTES}`,
    )
  return text
}

/**
 * Parses stored evidence bytes: bounded size, UTF-8, JSON without repeated keys, then the strict schema; throws
 * RELEASE_KEY_EVIDENCE_INVALID naming the problem.
 */
export function parseReleaseKeyEvidence(bytes: Uint8Array): ReleaseKeyEvidence {
  if (bytes.length > MAX_RELEASE_KEY_EVIDENCE_BYTES)
    throw invalid(
      'The release key evidence is too large.',
      `${bytes.length} bytes, at most ${MAX_RELEASE_KEY_EVIDENCE_BYTES}`,
    )
  let text: string
  let value: unknown
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    value = JSON.parse(text)
  } catch (cause) {
    throw invalid('The release key evidence is malformed.', 'not UTF-8 JSON', cause)
  }
  const duplicate = findDuplicateKey(text)
  if (duplicate) throw invalid('The release key evidence repeats a key.', `${duplicate} appears twice`)
  return validate(value)
}

/** The quote bytes of an evidence document. */
export function releaseKeyEvidenceQuote(evidence: ReleaseKeyEvidence): Uint8Array {
  return hexToBytes(evidence.quote)
}
