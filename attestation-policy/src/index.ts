export { type CollateralFreshness, checkCollateralFreshness } from './collateral/checkCollateralFreshness.js'
export {
  type CollateralCache,
  type CollateralCacheParameters,
  createCollateralCache,
} from './collateral/collateralCache.js'
export { type Collateral, collateralSchema, parseCollateral } from './collateral/collateralSchema.js'
export {
  type FetchCollateralParameters,
  fetchCollateral,
  fetchPlatformCollateral,
  type PccsParameters,
} from './collateral/fetchCollateral.js'
export {
  type CreateDcapWasmSourceParameters,
  createDcapWasmSource,
  type GlueImporter,
  MAX_DCAP_WASM_BYTES,
} from './dcap/createDcapWasmSource.js'
export { INTEL_ROOT_CA_SHA256, intelRootCa } from './dcap/intelRootCa.js'
export type { DcapWasmGlue, DcapWasmSource } from './dcap/wasmSource.js'
export { type AttestationErrorCode, BaseError } from './errors.js'
export { type EventLogEntry, parseEventLog } from './eventLog/eventLogSchema.js'
export { type RuntimeIdentity, readRuntimeIdentity } from './eventLog/readRuntimeIdentity.js'
export { type BootRtmrsReplay, replayBootRtmrs } from './eventLog/replayBootRtmrs.js'
export { replayRtmr3, runtimeEventDigest } from './eventLog/replayRtmr3.js'
export { auditJob, type JobAudit, type JobAuditSources } from './job/auditJob.js'
export { bindingReportData } from './job/bindingReportData.js'
export {
  type ChainJobSourcesParameters,
  createChainJobAuditSources,
  createChainJobSources,
  MAX_EVIDENCE_BYTES,
  MAX_POLICY_BYTES,
} from './job/chainJobSources.js'
export { type EvidenceBundle, evidenceBundleSchema, parseEvidenceBundle } from './job/evidenceBundle.js'
export { type JobSources, type JobStartRecord, verifyJob } from './job/verifyJob.js'
export {
  type JobDatasetRecord,
  type JobReleaseKeyAudit,
  type JobReleaseKeyCheck,
  type JobReleaseKeyCheckCode,
  type JobReleaseKeyCheckId,
  type JobReleaseKeySources,
  type VerifyJobReleaseKeyOptions,
  verifyJobReleaseKey,
} from './job/verifyJobReleaseKey.js'
export { parsePolicy, parsePolicyJson } from './policy/parsePolicy.js'
export { canonicalPolicyBytes, policyHash } from './policy/policyHash.js'
export { policyJsonSchema } from './policy/policyJsonSchema.js'
export {
  ALLOWABLE_TCB_STATUSES,
  type AttestationPolicy,
  attestationPolicySchema,
  POLICY_ROLES,
  POLICY_SCHEMA_ID,
  type PolicyMeasurement,
  type PolicyRole,
} from './policy/policySchema.js'
export { type ParsedQuote, parseQuote } from './quote/parseQuote.js'
export { type QuotePlatform, quotePlatform } from './quote/quotePlatform.js'
export {
  type ChainReleaseKeySourcesParameters,
  createChainReleaseKeySources,
} from './releaseKey/chainReleaseKeySources.js'
export { releaseKeyAttestor } from './releaseKey/releaseKeyAttestor.js'
export {
  type BuildReleaseKeyEvidenceParameters,
  buildReleaseKeyEvidence,
  MAX_RELEASE_KEY_EVIDENCE_BYTES,
  parseReleaseKeyEvidence,
  RELEASE_KEY_EVIDENCE_FORMAT,
  type ReleaseKeyEvidence,
  releaseKeyEvidenceSchema,
} from './releaseKey/releaseKeyEvidence.js'
export {
  RELEASE_KEY_DOMAIN,
  type ReleaseKeyBinding,
  releaseKeyReportData,
} from './releaseKey/releaseKeyReportData.js'
export {
  type ReleaseKeyCheck,
  type ReleaseKeyCheckCode,
  type ReleaseKeyCheckId,
  ReleaseKeyNotAttestedError,
  type ReleaseKeyPolicyRecord,
  type ReleaseKeyRecord,
  type ReleaseKeySources,
  type ReleaseKeyVerdict,
  type VerifyReleaseKeyOptions,
  verifyReleaseKey,
} from './releaseKey/verifyReleaseKey.js'
export { type MeasuredRow, measuredRows } from './verify/measuredRows.js'
export type { CheckId, MeasuredValues, Verdict, VerdictCheck, VerdictCode } from './verify/verdict.js'
export {
  DEFAULT_ALLOWED_TCB_STATUSES,
  type Evidence,
  type VerifyEvidenceOptions,
  verifyEvidence,
} from './verify/verifyEvidence.js'
