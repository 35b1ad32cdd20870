import { parseJsonOrThrow, type SafeParser } from '@licen/errors'
import { z } from '@licen/sdk/validation'
import { BaseError } from '../errors.js'
import { formatIssues } from '../formatIssues.js'
import type { Collateral } from './collateralSchema.js'

const isoDate = z
  .pipe(
    z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/)),
    z.transform((text) => Date.parse(text) / 1000),
  )
  .check(z.refine((seconds) => Number.isFinite(seconds), 'invalid date'))

const hexText = (bytes: number) => z.string().check(z.regex(new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`)))
/** A string of at most `max` characters. */
const text = (max: number) => z.string().check(z.maxLength(max))

const tcbInfoSchema = z.object({
  id: text(16),
  version: z.int(),
  issueDate: isoDate,
  nextUpdate: isoDate,
  fmspc: hexText(6),
})

const qeIdentitySchema = z.object({
  id: text(16),
  version: z.int(),
  issueDate: isoDate,
  nextUpdate: isoDate,
  miscselect: hexText(4),
  miscselectMask: hexText(4),
  attributes: hexText(16),
  attributesMask: hexText(16),
  mrsigner: hexText(32),
  isvprodid: z.int().check(z.minimum(0), z.maximum(65_535)),
  tcbLevels: z
    .array(
      z.object({
        tcb: z.object({ isvsvn: z.int().check(z.minimum(0), z.maximum(65_535)) }),
        tcbStatus: text(64),
        advisoryIDs: z.optional(z.array(text(64)).check(z.maxLength(256))),
      }),
    )
    .check(z.minLength(1), z.maxLength(256)),
})

/** The TCB info fields this package reads (the full document is checked by dcap-qvl). */
export type TcbInfoSummary = z.infer<typeof tcbInfoSchema>
/** Intel's signed identity of the quoting enclave. */
export type QeIdentity = z.infer<typeof qeIdentitySchema>

function read<T>(schema: SafeParser<T>, json: string, what: string): T {
  const value = parseJsonOrThrow(
    json,
    (cause) => new BaseError(`The collateral ${what} is not JSON.`, { code: 'COLLATERAL_INVALID', cause }),
  )
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    throw new BaseError(`The collateral ${what} is malformed.`, {
      code: 'COLLATERAL_INVALID',
      details: formatIssues(parsed.error),
    })
  }
  return parsed.data
}

/** Reads id, version, dates and FMSPC from the collateral's TCB info JSON. */
export function readTcbInfo(collateral: Collateral): TcbInfoSummary {
  return read(tcbInfoSchema, collateral.tcb_info, 'TCB info')
}

/** Reads the collateral's QE identity JSON. */
export function readQeIdentity(collateral: Collateral): QeIdentity {
  return read(qeIdentitySchema, collateral.qe_identity, 'QE identity')
}
