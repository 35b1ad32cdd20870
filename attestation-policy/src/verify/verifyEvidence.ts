import { sha256 } from '@noble/hashes/sha2'
import { keccak_256 } from '@noble/hashes/sha3'
import { bytesToHex } from '@noble/hashes/utils'
import { type Collateral, parseCollateral } from '../collateral/collateralSchema.js'
import { type DcapVerifier, loadDcapVerifier } from '../dcap/dcapVerifier.js'
import { INTEL_ROOT_CA_SHA256 } from '../dcap/intelRootCa.js'
import type { DcapWasmSource } from '../dcap/wasmSource.js'
import { BaseError, describeError } from '../errors.js'
import { policyHash } from '../policy/policyHash.js'
import type { AttestationPolicy } from '../policy/policySchema.js'
import { type ParsedQuote, parseQuote } from '../quote/parseQuote.js'
import { readPckExtension } from '../quote/pckExtension.js'
import { CheckList } from './checkList.js'
import { checkEventLog, checkPolicyMeasurements, checkReportData } from './evidenceChecks.js'
import { emptyMeasured, setTdMeasurements } from './measuredValues.js'
import { checkPlatform, DEFAULT_ALLOWED_TCB_STATUSES, skipPlatform } from './platformChecks.js'
import type { Verdict } from './verdict.js'

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
  /**
   * DER of the development root CA that `dev-mock` evidence chains to: a trust anchor only the local devnet injects
   * (`devMockRootCa()` from `@licen/attestation-policy/dev-tee`). Intel's root is built in; without this, a
   * `dev-mock` anchor fails TRUST_ANCHOR_MISSING.
   */
  devMockRootCa?: Uint8Array | undefined
  /** Trust anchor when no policy is given (default `intel`). */
  trustAnchor?: 'intel' | 'dev-mock' | undefined
  /**
   * Where the dcap-qvl WASM verifier comes from (default: node_modules, Node only). Browsers pass
   * `createDcapWasmSource({ wasm, glue })`; without one there, the trust anchor check fails VERIFIER_UNAVAILABLE.
   */
  dcapWasm?: DcapWasmSource | undefined
}

/**
 * Verifies attestation evidence and returns a verdict listing every check. With a policy: signature chain, QE
 * identity, TCB status, collateral freshness and debug bit, then MRTD/RTMR0-2, RTMR3 replay, compose hash, app id,
 * key provider and report_data against it. Without one: the quote itself (Intel root unless told otherwise) and
 * the values it measures. Trust anchors are injected: Intel's root is built in, a dev-mock root comes only from the
 * caller. Evidence problems never throw; they fail checks.
 */
export async function verifyEvidence(
  evidence: Evidence,
  policy: AttestationPolicy | undefined,
  options: VerifyEvidenceOptions,
): Promise<Verdict> {
  if (!Number.isSafeInteger(options.now) || options.now < 0) {
    throw new BaseError('now must be a non-negative integer of unix seconds.', { code: 'INPUT_INVALID' })
  }
  if (!(evidence.quote instanceof Uint8Array))
    throw new BaseError('evidence.quote must be bytes.', { code: 'INPUT_INVALID' })
  const { now } = options
  const list = new CheckList()
  const measured = emptyMeasured()
  const anchorKind = policy ? policy.trustAnchor.kind : (options.trustAnchor ?? 'intel')
  const anchorRoot = anchorKind === 'dev-mock' ? options.devMockRootCa : undefined
  const trustAnchor = {
    kind: anchorKind,
    // Without an injected dev root there is no anchor to name: the trustAnchor check fails below.
    rootCaSha256:
      anchorKind === 'intel' ? INTEL_ROOT_CA_SHA256 : anchorRoot ? bytesToHex(sha256(anchorRoot)) : '',
  }
  // The quote's identity is its signed bytes: zero padding after them (parseQuote allows only that) is not hashed.
  let signed = evidence.quote
  const verdict = (verified: boolean): Verdict => ({
    ok: list.ok,
    mode: policy ? 'policy' : 'quote',
    policyHash: policy ? policyHash(policy) : undefined,
    policyName: policy?.name,
    trustAnchor,
    now,
    quoteHash: `0x${bytesToHex(keccak_256(signed))}`,
    verified,
    measured,
    checks: list.checks,
  })

  let quote: ParsedQuote
  try {
    quote = parseQuote(evidence.quote)
  } catch (error) {
    list.fail('quote', 'QUOTE_INVALID', describeError(error))
    return verdict(false)
  }
  signed = evidence.quote.subarray(0, quote.signedLength)
  measured.teeType = quote.teeType
  measured.quoteVersion = quote.version
  measured.debug = quote.debug
  setTdMeasurements(measured, quote.td)
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
    list.fail('collateral', 'COLLATERAL_INVALID', describeError(error))
  }

  let verifier: DcapVerifier | undefined
  if (anchorKind === 'dev-mock' && !anchorRoot) {
    list.fail(
      'trustAnchor',
      'TRUST_ANCHOR_MISSING',
      "the dev-mock anchor was asked for but this verifier was given no dev-mock root CA (production verifiers trust Intel's root only; the local devnet injects devMockRootCa() from @licen/attestation-policy/dev-tee)",
    )
  } else if (
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
      verifier = await loadDcapVerifier(anchorRoot, options.dcapWasm)
      list.pass('trustAnchor', `${anchorKind} root CA, sha256 ${trustAnchor.rootCaSha256}`)
    } catch (error) {
      list.fail('trustAnchor', 'VERIFIER_UNAVAILABLE', describeError(error))
    }
  }

  const verified =
    collateral && verifier
      ? checkPlatform(list, measured, {
          quote,
          raw: evidence.quote,
          collateral,
          verifier,
          policy,
          now,
          trustAnchor,
        })
      : skipPlatform(list, quote)

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

export { DEFAULT_ALLOWED_TCB_STATUSES }
