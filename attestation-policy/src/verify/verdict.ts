/** Identifiers of the checks a verdict can list, in the order they run. */
export type CheckId =
  | 'quote'
  | 'collateral'
  | 'trustAnchor'
  | 'signature'
  | 'qeIdentity'
  | 'tdxModule'
  | 'tcbStatus'
  | 'freshness'
  | 'debug'
  | 'measurements'
  | 'bootEvents'
  | 'rtmr3'
  | 'composeHash'
  | 'appId'
  | 'keyProvider'
  | 'reportData'

/** Stable failure codes of verdict checks; UIs and logs switch on them. */
export type VerdictCode =
  | 'QUOTE_INVALID'
  | 'QUOTE_NOT_TDX'
  | 'QUOTE_UNSUPPORTED'
  | 'QUOTE_SIGNATURE_INVALID'
  | 'COLLATERAL_INVALID'
  | 'COLLATERAL_MISMATCH'
  | 'COLLATERAL_CRL_INVALID'
  | 'COLLATERAL_EXPIRED'
  | 'COLLATERAL_NOT_YET_VALID'
  | 'COLLATERAL_TOO_OLD'
  | 'CERT_REVOKED'
  | 'CERT_EXPIRED'
  | 'UNTRUSTED_ROOT'
  | 'TRUST_ANCHOR_MISMATCH'
  | 'TRUST_ANCHOR_MISSING'
  | 'VERIFIER_UNAVAILABLE'
  | 'DCAP_REFUSED'
  | 'QE_IDENTITY_INVALID'
  | 'QE_IDENTITY_MISMATCH'
  | 'QE_TCB_UNKNOWN'
  | 'TDX_MODULE_MISMATCH'
  | 'TDX_MODULE_TCB_UNKNOWN'
  | 'TCB_STATUS_NOT_ALLOWED'
  | 'DEBUG_TD'
  | 'MEASUREMENT_NOT_ALLOWED'
  | 'EVENT_LOG_MISSING'
  | 'EVENT_LOG_INVALID'
  | 'EVENT_LOG_UNSUPPORTED_VERSION'
  | 'EVENT_LOG_UNEXPECTED_TYPE'
  | 'EVENT_DIGEST_MISMATCH'
  | 'EVENT_LOG_AMBIGUOUS'
  | 'EVENT_LOG_INCOMPLETE'
  | 'BOOT_EVENT_DIGEST_MISSING'
  | 'BOOT_EVENTS_MISMATCH'
  | 'RTMR3_MISMATCH'
  | 'COMPOSE_HASH_NOT_ALLOWED'
  | 'APP_ID_NOT_ALLOWED'
  | 'KEY_PROVIDER_NOT_ALLOWED'
  | 'REPORT_DATA_MISMATCH'
  | 'REPORT_DATA_NOT_CHECKED'

/** One check: pass, fail (with a code and a reason a person can act on) or skipped (a prerequisite failed). */
export type VerdictCheck = {
  id: CheckId
  title: string
  status: 'pass' | 'fail' | 'skipped'
  code: VerdictCode | undefined
  reason: string
}

/** Values read from the evidence (hex without 0x); verified when the signature check passed. */
export type MeasuredValues = {
  teeType: 'tdx' | 'sgx' | undefined
  quoteVersion: number | undefined
  tcbStatus: string | undefined
  qeTcbStatus: string | undefined
  tdxModuleTcbStatus: string | undefined
  advisoryIds: string[]
  fmspc: string | undefined
  mrtd: string | undefined
  rtmr0: string | undefined
  rtmr1: string | undefined
  rtmr2: string | undefined
  rtmr3: string | undefined
  reportData: string | undefined
  tdAttributes: string | undefined
  debug: boolean | undefined
  composeHash: string | undefined
  appId: string | undefined
  instanceId: string | undefined
  keyProvider: { name: string; id: string } | undefined
  /** Name of the policy measurement set that matched. */
  measurementName: string | undefined
  collateralIssuedAt: number | undefined
  collateralNextUpdate: number | undefined
}

/** The outcome of verifying attestation evidence: ok only when every listed check passed. */
export type Verdict = {
  ok: boolean
  /** `policy`: checked against a policy; `quote`: the quote itself only (how auditors learn values). */
  mode: 'policy' | 'quote'
  policyHash: `0x${string}` | undefined
  policyName: string | undefined
  /** The anchor judged against; `rootCaSha256` is empty when a dev-mock anchor was asked for but none was injected. */
  trustAnchor: { kind: 'intel' | 'dev-mock'; rootCaSha256: string }
  /** Unix seconds the collateral and certificates were judged at. */
  now: number
  /** keccak256 of the signed quote bytes (zero padding after the signed quote is not part of it). */
  quoteHash: `0x${string}`
  /** Verified: the quote's signature chain passed, so measured values are authentic. */
  verified: boolean
  measured: MeasuredValues
  checks: VerdictCheck[]
}

/** Titles shown beside each check. */
export const CHECK_TITLES: Record<CheckId, string> = {
  quote: 'Quote format',
  collateral: 'Collateral format',
  trustAnchor: 'Trust anchor',
  signature: 'Signature chain, CRLs, TCB level (dcap-qvl)',
  qeIdentity: 'Quoting enclave identity',
  tdxModule: 'TDX module identity',
  tcbStatus: 'TCB status',
  freshness: 'Collateral freshness',
  debug: 'Debug disabled',
  measurements: 'MRTD and RTMR0-2',
  bootEvents: 'Boot event log replay (RTMR0-2)',
  rtmr3: 'RTMR3 event log replay',
  composeHash: 'Compose hash',
  appId: 'App id',
  keyProvider: 'Key provider',
  reportData: 'Report data binding',
}
