import type { DownloadResultReturnType } from '@licen/sdk'
import type { Address } from 'viem'

/** One check of the downloaded result as the page lists it, with its reason. */
export type ResultCheck = { name: string; ok: boolean; detail: string }

/** The checks the sdk's `downloadResult` makes, in its order. */
export const resultCheckNames = [
  'Receipts signed by the enclave key',
  'Receipt chain ends at the settled head',
  'Adapter hash matches the last signed receipt',
] as const

/** The check each `ResultError` verification code fails; other codes (storage, key, format) are not a verdict. */
const failedCheck: Record<string, number> = {
  RESULT_RECEIPTS_MISSING: 0,
  RESULT_RECEIPTS_INVALID: 0,
  RESULT_RECEIPTS_BROKEN: 0,
  RESULT_RECEIPT_SIGNER_MISMATCH: 0,
  RESULT_RECEIPTS_MISMATCH: 1,
  RESULT_EPOCHS_MISMATCH: 1,
  RESULT_ADAPTER_MISMATCH: 2,
}

/** The checks of a result `downloadResult` verified, each with what it compared. */
export function passedChecks(
  result: DownloadResultReturnType,
  settled: { enclaveSigner: Address; actualEpochs: number },
): ResultCheck[] {
  const count = result.receipts.length
  return [
    {
      name: resultCheckNames[0],
      ok: true,
      detail: `${count} receipts in the result chain, each signed by ${settled.enclaveSigner}`,
    },
    {
      name: resultCheckNames[1],
      ok: true,
      detail: `${result.receiptsHead} = on-chain head; ${count} receipts for ${settled.actualEpochs} settled epochs`,
    },
    {
      name: resultCheckNames[2],
      ok: true,
      detail: `keccak256 ${result.adapterHash} = the last receipt's`,
    },
  ]
}

/**
 * The checks up to the one a `downloadResult` verification error failed (those before it passed), or `undefined`
 * when the error is not a verification verdict (the download, the result key or the container failed first).
 */
export function failedChecks(error: unknown): ResultCheck[] | undefined {
  const { code, shortMessage, details } = (error ?? {}) as {
    code?: unknown
    shortMessage?: string
    details?: string
  }
  const index = typeof code === 'string' ? failedCheck[code] : undefined
  if (index === undefined) return undefined
  return resultCheckNames.slice(0, index + 1).map((name, i) =>
    i < index
      ? { name, ok: true, detail: 'verified' }
      : {
          name,
          ok: false,
          detail: details ? `${shortMessage} ${details}` : (shortMessage ?? String(code)),
        },
  )
}
