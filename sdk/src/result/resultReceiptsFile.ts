import type { Hex } from 'viem'
import type { SignedEpochReceipt } from '../eip712/epochReceipt.js'
import { formatIssues } from '../errors.js'
import { z } from '../validation/index.js'
import { RESULT_RECEIPTS_MAX_COUNT, RESULT_RECEIPTS_MAX_SIZE } from './constants.js'
import { ResultError } from './ResultError.js'

/** A signed epoch receipt as the provider serves it (`GET /v1/jobs/:jobId`) and a result's receipts file holds it. */
export type ResultReceipt = SignedEpochReceipt & {
  /** The provider's EIP-712 digest of the receipt (the next one's `prevReceipt`); verifiers recompute it. */
  digest: Hex
}

/** A receipt's JSON form, in provider API v1 answers and `licen_receipts.json` (integers but `epoch` as strings). */
export type ResultReceiptJson = {
  receipt: {
    jobId: string
    epoch: number
    samples: string
    lossMicro: string
    adapterHash: Hex
    prevReceipt: Hex
  }
  digest: Hex
  signature: Hex
}

/** Converts a signed receipt to its JSON form (the key order is part of the format). */
export function resultReceiptToJson({ receipt, digest, signature }: ResultReceipt): ResultReceiptJson {
  return {
    receipt: {
      jobId: receipt.jobId.toString(),
      epoch: receipt.epoch,
      samples: receipt.samples.toString(),
      lossMicro: receipt.lossMicro.toString(),
      adapterHash: receipt.adapterHash,
      prevReceipt: receipt.prevReceipt,
    },
    digest,
    signature,
  }
}

const hex = (bytes: number) =>
  z.string().check(z.regex(new RegExp(`^0x[0-9a-f]{${bytes * 2}}$`))) as z.ZodMiniType<Hex>
const decimal = (bits: number) =>
  z
    .pipe(
      z.string().check(z.regex(/^(0|[1-9][0-9]{0,77})$/)),
      z.transform((value) => BigInt(value)),
    )
    .check(z.refine((value) => value < 2n ** BigInt(bits), `must fit in uint${bits}`))

/** The receipts file: a JSON array of `{receipt, digest, signature}`, integers above 2^53 as decimal strings. */
const receiptsFileSchema = z
  .array(
    z.strictObject({
      receipt: z.strictObject({
        jobId: decimal(256),
        epoch: z.int().check(z.minimum(1), z.maximum(65_535)),
        samples: decimal(64),
        lossMicro: decimal(64),
        adapterHash: hex(32),
        prevReceipt: hex(32),
      }),
      digest: hex(32),
      signature: hex(65),
    }),
  )
  .check(z.minLength(1), z.maxLength(RESULT_RECEIPTS_MAX_COUNT))

const issues = (error: z.core.$ZodError) => formatIssues(error, 5)

/**
 * Encodes a job's signed epoch receipts as the result's `licen_receipts.json`: compact JSON in the provider API's
 * shape (`[{receipt:{jobId,epoch,samples,lossMicro,adapterHash,prevReceipt},digest,signature}]`, integers other
 * than `epoch` as decimal strings, lower-case hex). Throws `RESULT_INVALID_ARGUMENT` for what a reader would refuse.
 */
export function encodeResultReceiptsFile(receipts: readonly ResultReceipt[]): Uint8Array<ArrayBuffer> {
  const wire = receipts.map(resultReceiptToJson)
  const parsed = receiptsFileSchema.safeParse(wire)
  if (!parsed.success) {
    throw new ResultError('The receipts are not a valid receipts file.', {
      code: 'RESULT_INVALID_ARGUMENT',
      details: issues(parsed.error),
    })
  }
  return new TextEncoder().encode(JSON.stringify(wire))
}

/**
 * Decodes a result's `licen_receipts.json` (bounded size, strict UTF-8, strict schema) into receipts with bigint
 * fields. Only the format is checked here; signatures, digests and the chain are the verifier's job.
 */
export function decodeResultReceiptsFile(bytes: Uint8Array): ResultReceipt[] {
  if (bytes.length > RESULT_RECEIPTS_MAX_SIZE) {
    throw new ResultError('The receipts file is too large.', {
      code: 'RESULT_RECEIPTS_INVALID',
      details: `${bytes.length} bytes, limit ${RESULT_RECEIPTS_MAX_SIZE}`,
    })
  }
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes))
  } catch (cause) {
    throw new ResultError('The receipts file is not JSON.', { code: 'RESULT_RECEIPTS_INVALID', cause })
  }
  const parsed = receiptsFileSchema.safeParse(value)
  if (!parsed.success) {
    throw new ResultError('The receipts file does not have the receipts schema.', {
      code: 'RESULT_RECEIPTS_INVALID',
      details: issues(parsed.error),
    })
  }
  return parsed.data.map(({ receipt, digest, signature }) => ({ receipt, digest, signature }))
}
