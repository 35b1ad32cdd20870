import { parseJsonOrThrow } from '@licen/errors'
import { hexToBytes } from '@noble/hashes/utils'
import type { DcapWasmSource } from '../dcap/wasmSource.js'
import { BaseError } from '../errors.js'
import { parsePolicy } from '../policy/parsePolicy.js'
import { policyHash } from '../policy/policyHash.js'
import type { Verdict } from '../verify/verdict.js'
import { verifyEvidence } from '../verify/verifyEvidence.js'
import { type EvidenceBundle, parseEvidenceBundle } from './evidenceBundle.js'

/** The chain's record of a job start (the JobStarted event / getJob). */
export type JobStartRecord = {
  enclaveSigner: `0x${string}`
  attestationRef: `0x${string}`
  policyHash: `0x${string}`
}

/** Where verifyJob reads from; the CLI wires these to an RPC node, a storage gateway and @licen/sdk. */
export type JobSources = {
  /**
   * The chain being audited (its RPC's chain id and the DataPolicy the job was read from): the evidence must bind
   * these, not merely be self-consistent, or evidence from another deployment could stand in for this job's.
   */
  chain: { chainId: number; dataPolicy: `0x${string}` }
  readJobStart: (jobId: bigint) => Promise<JobStartRecord | undefined>
  /** The stored evidence object addressed by attestationRef (its 0G storage root), as raw bytes. */
  readEvidence: (attestationRef: `0x${string}`) => Promise<Uint8Array | undefined>
  /** The 0G storage root of bytes (@licen/sdk); evidence must hash to the attestationRef recorded on chain. */
  storageRoot: (bytes: Uint8Array) => Promise<`0x${string}`> | `0x${string}`
  /** The policy file whose hash is `policyHash` (JSON value). */
  readPolicy: (policyHash: `0x${string}`) => Promise<unknown>
  /** The report_data binding (@licen/sdk `reportData`). */
  reportData: (binding: EvidenceBundle['binding']) => Uint8Array
}

function parseJson(bytes: Uint8Array): unknown {
  return parseJsonOrThrow(
    bytes,
    (cause) =>
      new BaseError('The stored attestation evidence is malformed.', {
        code: 'JOB_EVIDENCE_INVALID',
        details: 'not UTF-8 JSON',
        cause,
      }),
  )
}

function mismatch(shortMessage: string, details: string): BaseError {
  return new BaseError(shortMessage, { code: 'JOB_EVIDENCE_INVALID', details })
}

/**
 * Re-verifies a past job: the stored evidence object must have the attestationRef on chain as its storage root, the policy file to the
 * policyHash on chain, the binding must name this job, the audited chain and contract, and its enclave signer; then the evidence is verified
 * against the policy at the time it was first verified. In a browser, pass `dcapWasm` (createDcapWasmSource).
 */
export async function verifyJob(
  jobId: bigint,
  sources: JobSources,
  options: { devMockRootCa?: Uint8Array | undefined; dcapWasm?: DcapWasmSource | undefined } = {},
): Promise<Verdict> {
  const record = await sources.readJobStart(jobId)
  if (!record) throw mismatch('The job has not been started on chain.', `job ${jobId}`)
  const bytes = await sources.readEvidence(record.attestationRef)
  if (!bytes)
    throw mismatch('The stored attestation evidence was not found.', `root ${record.attestationRef}`)
  const root = (await sources.storageRoot(bytes)).toLowerCase()
  if (root !== record.attestationRef.toLowerCase()) {
    throw mismatch(
      'The stored evidence is not the one recorded on chain.',
      `storage root ${root} ≠ ${record.attestationRef}`,
    )
  }
  const bundle = parseEvidenceBundle(parseJson(bytes))
  const quote = hexToBytes(bundle.quote)
  const policy = parsePolicy(await sources.readPolicy(record.policyHash))
  const hash = policyHash(policy)
  if (hash !== record.policyHash.toLowerCase() || hash !== bundle.policyHash.toLowerCase()) {
    throw mismatch('The policy does not match the hash recorded on chain.', `${hash} ≠ ${record.policyHash}`)
  }
  // An orchestrator policy vouches for release keys only; it never admits a provider to a job.
  if (policy.role !== 'provider') {
    throw new BaseError('The job ran under a policy that is not a provider policy.', {
      code: 'POLICY_ROLE_MISMATCH',
      details: `policy ${policy.name} v${policy.version} (${hash}) has role ${policy.role}`,
    })
  }
  if (BigInt(bundle.binding.jobId) !== jobId) {
    throw mismatch('The evidence is bound to another job.', `binding job ${bundle.binding.jobId}`)
  }
  const { chainId, dataPolicy } = bundle.binding
  if (
    BigInt(chainId) !== BigInt(sources.chain.chainId) ||
    dataPolicy.toLowerCase() !== sources.chain.dataPolicy.toLowerCase()
  ) {
    throw mismatch(
      'The evidence is bound to another chain or contract.',
      `binding chain ${chainId}, contract ${dataPolicy}; audited chain ${sources.chain.chainId}, contract ${sources.chain.dataPolicy}`,
    )
  }
  if (bundle.binding.signer.toLowerCase() !== record.enclaveSigner.toLowerCase()) {
    throw mismatch(
      'The evidence binds another enclave signer.',
      `${bundle.binding.signer} ≠ ${record.enclaveSigner}`,
    )
  }
  return verifyEvidence({ quote, eventLog: bundle.eventLog }, policy, {
    collateral: bundle.collateral,
    now: bundle.verifiedAt,
    expectedReportData: sources.reportData(bundle.binding),
    devMockRootCa: options.devMockRootCa,
    dcapWasm: options.dcapWasm,
  })
}
