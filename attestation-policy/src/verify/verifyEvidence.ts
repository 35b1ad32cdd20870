import { sha256 } from '@noble/hashes/sha2'
import { keccak_256 } from '@noble/hashes/sha3'
import { bytesToHex } from '@noble/hashes/utils'
import { checkCollateralFreshness } from '../collateral/checkCollateralFreshness.js'
import { type Collateral, parseCollateral } from '../collateral/collateralSchema.js'
import { type DcapVerifier, loadDcapVerifier } from '../dcap/dcapVerifier.js'
import { INTEL_ROOT_CA_SHA256 } from '../dcap/intelRootCa.js'
import { devMockRootCa } from '../devTee/mockPki.js'
import { BaseError } from '../errors.js'
import { policyHash } from '../policy/policyHash.js'
import type { AttestationPolicy } from '../policy/policySchema.js'
import { verifyQeIdentity } from '../qe/verifyQeIdentity.js'
import { type ParsedQuote, parseQuote, type TdReportFields } from '../quote/parseQuote.js'
import { readPckExtension } from '../quote/pckExtension.js'
import { classifyDcapRefusal } from './classifyDcapRefusal.js'
import { diagnoseChain } from './diagnoseChain.js'
import { checkEventLog, checkPolicyMeasurements, checkReportData } from './evidenceChecks.js'
import {
  CHECK_TITLES,
  type CheckId,
  type MeasuredValues,
  type Verdict,
  type VerdictCheck,
  type VerdictCode,
} from './verdict.js'

/** What a provider hands over: the quote and the runtime event log its RTMR3 replays to. */
export type Evidence = {
  quote: Uint8Array
  /** JSON text (as GetQuote returns it) or the parsed array. */
  eventLog?: string | unknown[] | undefined
}

export type VerifyEvidenceOptions = {
  /** DCAP collateral for the quote (validated here). */
  collateral: unknown
  /** Unix seconds to judge collateral and certificates at (the attestation time for past evidence). */
  now: number
  /** The 64-byte report_data the quote must carry (the job binding from @licen/sdk). Required with a policy. */
  expectedReportData?: Uint8Array | undefined
  /** DER of the development root CA for `dev-mock` (default: the shared dev PKI root). */
  devMockRootCa?: Uint8Array | undefined
  /** Trust anchor when no policy is given (default `intel`). */
  trustAnchor?: 'intel' | 'dev-mock' | undefined
}

/** TCB statuses accepted when no policy is given. */
export const DEFAULT_ALLOWED_TCB_STATUSES: readonly string[] = ['UpToDate']

const emptyMeasured = (): MeasuredValues => ({
  teeType: undefined,
  quoteVersion: undefined,
  tcbStatus: undefined,
  qeTcbStatus: undefined,
  advisoryIds: [],
  fmspc: undefined,
  mrtd: undefined,
  rtmr0: undefined,
  rtmr1: undefined,
  rtmr2: undefined,
  rtmr3: undefined,
  reportData: undefined,
  tdAttributes: undefined,
  debug: undefined,
  composeHash: undefined,
  appId: undefined,
  instanceId: undefined,
  keyProvider: undefined,
  measurementName: undefined,
  collateralIssuedAt: undefined,
  collateralNextUpdate: undefined,
})

/** Collects checks in order; `ok` is true only when every check passed. */
export class CheckList {
  readonly checks: VerdictCheck[] = []
  pass(id: CheckId, reason: string): void {
    this.checks.push({ id, title: CHECK_TITLES[id], status: 'pass', code: undefined, reason })
  }
  fail(id: CheckId, code: VerdictCode, reason: string): void {
    this.checks.push({ id, title: CHECK_TITLES[id], status: 'fail', code, reason })
  }
  skip(id: CheckId, reason: string): void {
    this.checks.push({ id, title: CHECK_TITLES[id], status: 'skipped', code: undefined, reason })
  }
  get ok(): boolean {
    return this.checks.length > 0 && this.checks.every((check) => check.status === 'pass')
  }
}

function describe(error: unknown): string {
  return error instanceof BaseError
    ? `${error.shortMessage}${error.details ? ` ${error.details}` : ''}`
    : String(error)
}

/**
 * Verifies attestation evidence and returns a verdict listing every check. With a policy: signature chain, QE
 * identity, TCB status, collateral freshness and debug bit, then MRTD/RTMR0-2, RTMR3 replay, compose hash, app id,
 * key provider and report_data against it. Without one: the quote itself (Intel root unless told otherwise) and
 * the values it measures. Evidence problems never throw; they fail checks.
 */
export async function verifyEvidence(
  evidence: Evidence,
  policy: AttestationPolicy | undefined,
  options: VerifyEvidenceOptions,
): Promise<Verdict> {
  if (!Number.isSafeInteger(options.now) || options.now < 0) {
    throw new BaseError('INPUT_INVALID', 'now must be a non-negative integer of unix seconds.')
  }
  if (!(evidence.quote instanceof Uint8Array))
    throw new BaseError('INPUT_INVALID', 'evidence.quote must be bytes.')
  const { now } = options
  const list = new CheckList()
  const measured = emptyMeasured()
  const anchorKind = policy ? policy.trustAnchor.kind : (options.trustAnchor ?? 'intel')
  const anchorRoot = anchorKind === 'dev-mock' ? (options.devMockRootCa ?? devMockRootCa()) : undefined
  const trustAnchor = {
    kind: anchorKind,
    rootCaSha256: anchorRoot ? bytesToHex(sha256(anchorRoot)) : INTEL_ROOT_CA_SHA256,
  }
  const verdict = (verified: boolean): Verdict => ({
    ok: list.ok,
    mode: policy ? 'policy' : 'quote',
    policyHash: policy ? policyHash(policy) : undefined,
    policyName: policy?.name,
    trustAnchor,
    now,
    attestationRef: `0x${bytesToHex(keccak_256(evidence.quote))}`,
    verified,
    measured,
    checks: list.checks,
  })

  let quote: ParsedQuote
  try {
    quote = parseQuote(evidence.quote)
  } catch (error) {
    list.fail('quote', 'QUOTE_INVALID', describe(error))
    return verdict(false)
  }
  measured.teeType = quote.teeType
  measured.quoteVersion = quote.version
  measured.debug = quote.debug
  setTd(measured, quote.td)
  if (policy && quote.teeType !== 'tdx') {
    list.fail('quote', 'QUOTE_NOT_TDX', 'this is an SGX quote; attestation policies accept TDX quotes only')
  } else
    list.pass(
      'quote',
      `${quote.teeType.toUpperCase()} quote v${quote.version}, ${evidence.quote.length} bytes`,
    )
  try {
    measured.fmspc = quote.pckChain[0] ? readPckExtension(quote.pckChain[0]).fmspc : undefined
  } catch {
    measured.fmspc = undefined
  }

  let collateral: Collateral | undefined
  try {
    collateral = parseCollateral(options.collateral)
    list.pass('collateral', 'all nine collateral fields present and within size limits')
  } catch (error) {
    list.fail('collateral', 'COLLATERAL_INVALID', describe(error))
  }

  let verifier: DcapVerifier | undefined
  if (
    policy?.trustAnchor.kind === 'dev-mock' &&
    policy.trustAnchor.rootCaSha256 !== trustAnchor.rootCaSha256
  ) {
    list.fail(
      'trustAnchor',
      'TRUST_ANCHOR_MISMATCH',
      `the policy pins dev-mock root ${policy.trustAnchor.rootCaSha256} but this verifier was given root ${trustAnchor.rootCaSha256}`,
    )
  } else {
    try {
      verifier = await loadDcapVerifier(anchorRoot)
      list.pass('trustAnchor', `${anchorKind} root CA, sha256 ${trustAnchor.rootCaSha256}`)
    } catch (error) {
      list.fail('trustAnchor', 'VERIFIER_UNAVAILABLE', describe(error))
    }
  }

  let verified = false
  let platformStatus: string | undefined
  if (!collateral || !verifier) {
    for (const id of ['signature', 'qeIdentity', 'tcbStatus', 'freshness'] as const) {
      list.skip(id, 'needs valid collateral and a trust anchor')
    }
  } else {
    const result = verifier.verify(evidence.quote, collateral, now)
    if (result.ok) {
      verified = true
      platformStatus = result.status
      measured.tcbStatus = result.status
      measured.advisoryIds = [...result.advisoryIds]
      setTd(measured, result.td)
      list.pass(
        'signature',
        `quote, QE report, PCK chain, CRLs and TCB info verify to the ${anchorKind} root`,
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
    const qe = verified ? verifyQeIdentity(collateral, quote.qeReport, quote.teeType) : undefined
    if (!qe) list.skip('qeIdentity', 'needs a verified quote signature')
    else if (qe.ok) list.pass('qeIdentity', qe.reason)
    else list.fail('qeIdentity', qe.code!, qe.reason)
    if (qe?.ok) {
      measured.qeTcbStatus = qe.tcbStatus
      measured.advisoryIds = [...new Set([...measured.advisoryIds, ...qe.advisoryIds])]
    }

    const allowed = policy?.allowedTcbStatuses ?? DEFAULT_ALLOWED_TCB_STATUSES
    if (!platformStatus || !qe?.ok) list.skip('tcbStatus', 'needs a verified quote and QE identity')
    else {
      const refused = [`platform ${platformStatus}`, `QE ${qe.tcbStatus}`].filter(
        (entry) => !allowed.includes(entry.split(' ')[1]!),
      )
      const advisories = measured.advisoryIds.length ? ` (advisories ${measured.advisoryIds.join(', ')})` : ''
      if (refused.length) {
        list.fail(
          'tcbStatus',
          'TCB_STATUS_NOT_ALLOWED',
          `${refused.join(' and ')} not allowed (allowed: ${allowed.join(', ')})${advisories}: the platform needs a TCB recovery`,
        )
      } else list.pass('tcbStatus', `platform ${platformStatus}, QE ${qe.tcbStatus}${advisories}`)
    }

    const freshness = checkCollateralFreshness(collateral, {
      now,
      maxAgeSeconds: policy?.maxCollateralAgeSeconds,
    })
    measured.collateralIssuedAt = freshness.issuedAt
    measured.collateralNextUpdate = freshness.nextUpdate
    if (freshness.ok) list.pass('freshness', freshness.reason)
    else list.fail('freshness', freshness.code!, freshness.reason)
  }

  if (quote.debug)
    list.fail('debug', 'DEBUG_TD', "the debug attribute is set: the host can read the TD's memory")
  else
    list.pass('debug', `debug attribute clear${quote.td ? ` (TD attributes ${quote.td.tdAttributes})` : ''}`)

  if (policy) checkPolicyMeasurements(list, measured, policy)
  if (policy || evidence.eventLog !== undefined) checkEventLog(list, measured, evidence.eventLog, policy)
  if (policy || options.expectedReportData !== undefined)
    checkReportData(list, measured, options.expectedReportData)
  return verdict(verified)
}

function setTd(measured: MeasuredValues, td: TdReportFields | undefined): void {
  if (!td) return
  measured.mrtd = td.mrtd
  measured.rtmr0 = td.rtmr0
  measured.rtmr1 = td.rtmr1
  measured.rtmr2 = td.rtmr2
  measured.rtmr3 = td.rtmr3
  measured.reportData = td.reportData
  measured.tdAttributes = td.tdAttributes
}
