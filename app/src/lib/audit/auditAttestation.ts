import {
  bindingReportData,
  type DcapWasmSource,
  type EvidenceBundle,
  type JobStartRecord,
  measuredRows,
  parseEvidenceBundle,
  type Verdict,
  verifyEvidence,
} from '@licen/attestation-policy'
import { parseJsonOrThrow, zgRoot } from '@licen/sdk'
import { type Address, type Hex, hexToBytes, isAddressEqual } from 'viem'
import { AppError } from '../errors/AppError.js'
import { describeError } from '../errors/describeError.js'
import type { AuditReport, AuditStep, AuditValue } from './auditTypes.js'
import type { PolicyFile } from './fetchPolicyFile.js'

/** Largest evidence object the audit reads, in bytes. */
export const MAX_EVIDENCE_BYTES = 4 * 1024 * 1024

export type AuditAttestationParameters = {
  jobId: bigint
  /** The network this app is configured for: the evidence must bind this chain and contract. */
  chainId: number
  dataPolicy: Address
  /** The chain's record of the job start (`JobStarted`). */
  started: JobStartRecord
  /** The policy file named by the hash on chain (fetchPolicyFile). */
  readPolicy: (policyHash: Hex) => Promise<PolicyFile>
  /** The stored evidence object at `attestationRef` (its 0G root), at most MAX_EVIDENCE_BYTES. */
  readEvidence: (attestationRef: Hex) => Promise<Uint8Array>
  /** The dcap-qvl WASM verifier (createDcapWasmSource in browsers; Node's default otherwise). */
  dcapWasm?: DcapWasmSource | undefined
}

const titles = {
  policy: 'Policy file hashes to the policy hash on chain',
  evidence: 'Stored evidence is the object on chain, bound to this job and enclave signer',
  quote: 'Quote verified against the policy',
} as const

/**
 * The attestation half of a job audit, as an auditor would do it in the browser: the policy file against the hash
 * on chain (recomputed here), the evidence object against `attestationRef` (its 0G root, recomputed here) and the
 * job binding, then the quote, event log and report_data against the policy with the verdict per check.
 * Problems never throw: each becomes a failed step with its reason.
 */
export async function auditAttestation(parameters: AuditAttestationParameters): Promise<AuditReport> {
  const { started } = parameters
  const steps: AuditStep[] = []
  const chainPolicyHash = started.policyHash.toLowerCase()

  let policy: PolicyFile['policy'] | undefined
  try {
    const file = await parameters.readPolicy(started.policyHash)
    const same = file.hash === chainPolicyHash
    steps.push({
      id: 'policy',
      title: titles.policy,
      status: same ? 'pass' : 'fail',
      detail: `${file.policy.name}: keccak256(JCS) ${file.hash} ${same ? '=' : '≠'} ${started.policyHash}`,
    })
    if (same) policy = file.policy
  } catch (error) {
    steps.push({ id: 'policy', title: titles.policy, status: 'fail', detail: explain(error) })
  }

  let bundle: EvidenceBundle | undefined
  try {
    const bytes = await parameters.readEvidence(started.attestationRef)
    if (bytes.length > MAX_EVIDENCE_BYTES)
      throw new AppError('The stored evidence is too large.', {
        code: 'EVIDENCE_INVALID',
        details: `${bytes.length} bytes > ${MAX_EVIDENCE_BYTES}`,
      })
    const { root } = await zgRoot(bytes, { workers: 0 })
    const parsed = parseEvidenceBundle(parseJson(bytes))
    const problems = bindingProblems(parsed, root, parameters)
    steps.push({
      id: 'evidence',
      title: titles.evidence,
      status: problems.length === 0 ? 'pass' : 'fail',
      detail:
        problems.length === 0
          ? `0G root ${root} = attestationRef; job ${parsed.binding.jobId}, signer ${parsed.binding.signer}, chain ${parsed.binding.chainId}, contract ${parsed.binding.dataPolicy}, policy ${parsed.policyHash}, verified at ${isoTime(parsed.verifiedAt)}`
          : problems.join('; '),
    })
    if (problems.length === 0) bundle = parsed
  } catch (error) {
    steps.push({ id: 'evidence', title: titles.evidence, status: 'fail', detail: explain(error) })
  }

  if (!policy || !bundle) {
    steps.push({
      id: 'quote',
      title: titles.quote,
      status: 'skipped',
      detail: `Not verified: ${!policy ? 'no policy file matches the hash on chain' : 'the stored evidence does not check out'}.`,
    })
    return { steps }
  }

  let verdict: Verdict
  try {
    verdict = await verifyEvidence(
      { quote: hexToBytes(`0x${bundle.quote}`), eventLog: bundle.eventLog },
      policy,
      {
        collateral: bundle.collateral,
        now: bundle.verifiedAt,
        expectedReportData: bindingReportData(bundle.binding),
        devMockRootCa: await devMockRootCaFor(policy),
        dcapWasm: parameters.dcapWasm,
      },
    )
  } catch (error) {
    steps.push({ id: 'quote', title: titles.quote, status: 'fail', detail: explain(error) })
    return { steps }
  }
  for (const check of verdict.checks)
    steps.push({
      id: `quote:${check.id}`,
      title: check.title,
      status:
        check.status === 'skipped'
          ? 'skipped'
          : check.code === 'VERIFIER_UNAVAILABLE'
            ? 'unavailable'
            : check.status,
      detail: check.code ? `${check.code}: ${check.reason}` : check.reason,
    })
  return {
    steps,
    measured: {
      verified: verdict.verified,
      values: measuredValues(verdict),
      trustAnchor: verdict.trustAnchor.kind,
      measurementName: verdict.measured.measurementName,
    },
  }
}

/**
 * The local devnet's dev-mock root when the policy names that anchor: it comes from the dev TEE module, in its own
 * chunk, so an audit under an Intel policy never loads the mock PKI.
 */
async function devMockRootCaFor(policy: PolicyFile['policy']): Promise<Uint8Array | undefined> {
  if (policy.trustAnchor.kind !== 'dev-mock') return undefined
  const { devMockRootCa } = await import('@licen/attestation-policy/dev-tee/anchor')
  return devMockRootCa()
}

function bindingProblems(
  bundle: EvidenceBundle,
  root: Hex,
  parameters: AuditAttestationParameters,
): string[] {
  const { binding } = bundle
  const { started } = parameters
  const problems: string[] = []
  if (root.toLowerCase() !== started.attestationRef.toLowerCase())
    problems.push(`0G root ${root} ≠ attestationRef ${started.attestationRef}`)
  if (BigInt(binding.jobId) !== parameters.jobId) problems.push(`bound to job ${binding.jobId}`)
  if (BigInt(binding.chainId) !== BigInt(parameters.chainId))
    problems.push(`bound to chain ${binding.chainId}`)
  if (!isAddressEqual(binding.dataPolicy as Address, parameters.dataPolicy))
    problems.push(`bound to contract ${binding.dataPolicy}`)
  if (!isAddressEqual(binding.signer as Address, started.enclaveSigner))
    problems.push(`binds signer ${binding.signer}, the chain records ${started.enclaveSigner}`)
  if (bundle.policyHash.toLowerCase() !== started.policyHash.toLowerCase())
    problems.push(`verified against policy ${bundle.policyHash}, the chain records ${started.policyHash}`)
  return problems
}

function measuredValues(verdict: Verdict): AuditValue[] {
  return [
    {
      label: 'Trust anchor',
      value: `${verdict.trustAnchor.kind} (root sha256 ${verdict.trustAnchor.rootCaSha256})`,
    },
    { label: 'Quote hash', value: verdict.quoteHash },
    { label: 'Judged at', value: isoTime(verdict.now) },
    // What the quote measured, in the order and form `licen-attest verify` prints it.
    ...measuredRows(verdict).map(({ label, value }) => ({ label, value })),
  ]
}

function parseJson(bytes: Uint8Array): unknown {
  return parseJsonOrThrow(
    bytes,
    (cause) => new AppError('The stored evidence is not UTF-8 JSON.', { code: 'EVIDENCE_INVALID', cause }),
  )
}

function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')
}

/** One sentence for a thrown value: our libraries' short message and details, else the app's table. */
function explain(error: unknown): string {
  if (error instanceof Error && 'shortMessage' in error && typeof error.shortMessage === 'string') {
    const details = 'details' in error && typeof error.details === 'string' ? ` (${error.details})` : ''
    return `${error.shortMessage}${details}`
  }
  return describeError(error).message
}
