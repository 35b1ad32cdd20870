import { checkCollateralFreshness } from '../collateral/checkCollateralFreshness.js'
import type { Collateral } from '../collateral/collateralSchema.js'
import type { DcapVerifier } from '../dcap/dcapVerifier.js'
import type { AttestationPolicy } from '../policy/policySchema.js'
import { verifyQeIdentity } from '../qe/verifyQeIdentity.js'
import type { ParsedQuote } from '../quote/parseQuote.js'
import { checkTdxModule } from '../tcb/checkTdxModule.js'
import type { CheckList } from './checkList.js'
import { classifyDcapRefusal } from './classifyDcapRefusal.js'
import { diagnoseChain } from './diagnoseChain.js'
import { setTdMeasurements } from './measuredValues.js'
import type { MeasuredValues } from './verdict.js'

/** TCB statuses accepted when no policy is given. */
export const DEFAULT_ALLOWED_TCB_STATUSES: readonly string[] = ['UpToDate']

export type PlatformInputs = {
  quote: ParsedQuote
  raw: Uint8Array
  collateral: Collateral
  verifier: DcapVerifier
  policy: AttestationPolicy | undefined
  now: number
  trustAnchor: { kind: 'intel' | 'dev-mock'; rootCaSha256: string }
}

const merge = (into: MeasuredValues, ids: readonly string[]) => {
  into.advisoryIds = [...new Set([...into.advisoryIds, ...ids])]
}

/** Lists the platform checks as skipped when collateral or the trust anchor are unusable. */
export function skipPlatform(list: CheckList, quote: ParsedQuote): false {
  const ids = [
    'signature',
    'qeIdentity',
    ...(quote.td ? (['tdxModule'] as const) : []),
    'tcbStatus',
    'freshness',
  ] as const
  for (const id of ids) list.skip(id, 'needs valid collateral and a trust anchor')
  return false
}

/**
 * The platform checks: signature chain and TCB level (dcap-qvl), QE identity, TDX module identity, allowed TCB
 * statuses and collateral freshness. Returns whether the quote's signatures verified.
 */
export function checkPlatform(list: CheckList, measured: MeasuredValues, inputs: PlatformInputs): boolean {
  const { quote, collateral, policy, now, trustAnchor } = inputs
  const result = inputs.verifier.verify(inputs.raw, collateral, now)
  if (result.ok) {
    measured.tcbStatus = result.status
    merge(measured, result.advisoryIds)
    setTdMeasurements(measured, result.td)
    list.pass(
      'signature',
      `quote, QE report, PCK chain, CRLs and TCB info verify to the ${trustAnchor.kind} root`,
    )
  } else {
    const classified = classifyDcapRefusal(result.message)
    // dcap-qvl reports the first failure it meets; the diagnosis names the root cause when it is the chain.
    const diagnosis = diagnoseChain(quote.pckChain, collateral, trustAnchor, now)
    list.fail(
      'signature',
      diagnosis?.code ?? classified.code,
      diagnosis ? `${diagnosis.reason} (dcap-qvl: ${result.message})` : classified.reason,
    )
  }

  const qe = result.ok ? verifyQeIdentity(collateral, quote.qeReport, quote.teeType) : undefined
  if (!qe) list.skip('qeIdentity', 'needs a verified quote signature')
  else if (qe.ok) {
    list.pass('qeIdentity', qe.reason)
    measured.qeTcbStatus = qe.tcbStatus
    merge(measured, qe.advisoryIds)
  } else list.fail('qeIdentity', qe.code!, qe.reason)

  let moduleOk = true
  if (quote.td) {
    const module = result.ok && result.td ? checkTdxModule(collateral, result.td) : undefined
    if (!module) list.skip('tdxModule', 'needs a verified quote signature')
    else if (module.ok) {
      list.pass('tdxModule', module.reason)
      measured.tdxModuleTcbStatus = module.tcbStatus
      merge(measured, module.advisoryIds)
    } else list.fail('tdxModule', module.code!, module.reason)
    moduleOk = module?.ok === true
  }

  const allowed = policy?.allowedTcbStatuses ?? DEFAULT_ALLOWED_TCB_STATUSES
  if (!result.ok || !qe?.ok || !moduleOk)
    list.skip('tcbStatus', 'needs a verified quote, QE identity and TDX module')
  else {
    const statuses: [string, string][] = [
      ['platform', result.status],
      ['QE', qe.tcbStatus!],
      ...(measured.tdxModuleTcbStatus
        ? [['TDX module', measured.tdxModuleTcbStatus] as [string, string]]
        : []),
    ]
    const refused = statuses.filter(([, status]) => !allowed.includes(status))
    const text = (entries: [string, string][]) =>
      entries.map(([what, status]) => `${what} ${status}`).join(', ')
    const advisories = measured.advisoryIds.length ? ` (advisories ${measured.advisoryIds.join(', ')})` : ''
    if (refused.length) {
      list.fail(
        'tcbStatus',
        'TCB_STATUS_NOT_ALLOWED',
        `${text(refused)} not allowed (allowed: ${allowed.join(', ')})${advisories}: the platform needs a TCB recovery`,
      )
    } else list.pass('tcbStatus', `${text(statuses)}${advisories}`)
  }

  const freshness = checkCollateralFreshness(collateral, {
    now,
    maxAgeSeconds: policy?.maxCollateralAgeSeconds,
  })
  measured.collateralIssuedAt = freshness.issuedAt
  measured.collateralNextUpdate = freshness.nextUpdate
  if (freshness.ok) list.pass('freshness', freshness.reason)
  else list.fail('freshness', freshness.code!, freshness.reason)
  return result.ok
}
