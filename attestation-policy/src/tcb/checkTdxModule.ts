import { z } from '@licen/sdk/validation'
import { hexToBytes } from '@noble/hashes/utils'
import type { Collateral } from '../collateral/collateralSchema.js'
import type { TdReportFields } from '../quote/parseQuote.js'

export type TdxModuleResult = {
  ok: boolean
  code: 'TDX_MODULE_MISMATCH' | 'TDX_MODULE_TCB_UNKNOWN' | undefined
  reason: string
  /** TCB status of the TDX module from its identity's levels, when Intel lists them. */
  tcbStatus: string | undefined
  advisoryIds: string[]
}

const hex = (bytes: number) => z.string().check(z.regex(new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`)))
/** A string of at most `max` characters. */
const text = (max: number) => z.string().check(z.maxLength(max))
const identity = z.object({ mrsigner: hex(48), attributes: hex(8), attributesMask: hex(8) })
const tcbInfoModules = z.object({
  id: z.string(),
  version: z.int(),
  tdxModule: z.optional(identity),
  tdxModuleIdentities: z.optional(
    z
      .array(
        z.extend(identity, {
          id: text(16),
          tcbLevels: z
            .array(
              z.object({
                tcb: z.object({ isvsvn: z.int().check(z.minimum(0), z.maximum(255)) }),
                tcbStatus: text(64),
                advisoryIDs: z.optional(z.array(text(64)).check(z.maxLength(256))),
              }),
            )
            .check(z.maxLength(256)),
        }),
      )
      .check(z.maxLength(64)),
  ),
})

/**
 * Checks the TDX module (SEAM) against Intel's TCB info the way Intel's QVL does: the identity named
 * `TDX_<tee_tcb_svn[1]>` (or the generic `tdxModule` for version 0) must match MRSIGNERSEAM and, under its mask,
 * SEAMATTRIBUTES; the module SVN (tee_tcb_svn[0]) selects its TCB status. dcap-qvl-web 0.3.3 skips this.
 * Run it only on a verified quote: the TCB info signature is checked by dcap-qvl.
 */
export function checkTdxModule(collateral: Collateral, td: TdReportFields): TdxModuleResult {
  const fail = (code: NonNullable<TdxModuleResult['code']>, reason: string): TdxModuleResult => ({
    ok: false,
    code,
    reason,
    tcbStatus: undefined,
    advisoryIds: [],
  })
  let document: unknown
  try {
    document = JSON.parse(collateral.tcb_info)
  } catch {
    return fail('TDX_MODULE_MISMATCH', 'the TCB info is not JSON')
  }
  const parsed = tcbInfoModules.safeParse(document)
  if (!parsed.success || parsed.data.id !== 'TDX' || parsed.data.version < 3 || !parsed.data.tdxModule) {
    return fail(
      'TDX_MODULE_MISMATCH',
      'the TCB info has no TDX module identity (a TDX v3 TCB info is required)',
    )
  }
  const svn = hexToBytes(td.teeTcbSvn)
  const moduleSvn = svn[0]!
  const moduleVersion = svn[1]!
  const wanted = `TDX_${moduleVersion.toString(16).toUpperCase().padStart(2, '0')}`
  const specific =
    moduleVersion > 0
      ? parsed.data.tdxModuleIdentities?.find((entry) => entry.id.toUpperCase() === wanted)
      : undefined
  if (moduleVersion > 0 && parsed.data.tdxModuleIdentities?.length && !specific) {
    return fail('TDX_MODULE_MISMATCH', `the TCB info lists no TDX module identity ${wanted}`)
  }
  const expected = specific ?? parsed.data.tdxModule
  if (expected.mrsigner.toLowerCase() !== td.mrSignerSeam) {
    return fail(
      'TDX_MODULE_MISMATCH',
      `TDX module MRSIGNER ${td.mrSignerSeam} is not Intel's ${expected.mrsigner.toLowerCase()}`,
    )
  }
  const attributes = hexToBytes(td.seamAttributes)
  const want = hexToBytes(expected.attributes)
  const mask = hexToBytes(expected.attributesMask)
  if (attributes.some((byte, i) => (byte & mask[i]!) !== (want[i]! & mask[i]!) || (byte & ~mask[i]!) !== 0)) {
    return fail(
      'TDX_MODULE_MISMATCH',
      `TDX module SEAMATTRIBUTES ${td.seamAttributes} do not match ${expected.attributes}`,
    )
  }
  if (!specific) {
    return {
      ok: true,
      code: undefined,
      reason: 'TDX module signer and attributes match',
      tcbStatus: undefined,
      advisoryIds: [],
    }
  }
  const level = specific.tcbLevels.find((candidate) => moduleSvn >= candidate.tcb.isvsvn)
  if (!level)
    return fail(
      'TDX_MODULE_TCB_UNKNOWN',
      `TDX module ${wanted} SVN ${moduleSvn} is below every TCB level Intel lists`,
    )
  return {
    ok: true,
    code: undefined,
    reason: `TDX module ${wanted} SVN ${moduleSvn}: ${level.tcbStatus}`,
    tcbStatus: level.tcbStatus,
    advisoryIds: level.advisoryIDs ?? [],
  }
}
