import { keccak_256 } from '@noble/hashes/sha3'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils'
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
  readJobStart: (jobId: bigint) => Promise<JobStartRecord | undefined>
  /** The stored evidence bundle for an attestationRef (JSON value). */
  readEvidence: (attestationRef: `0x${string}`) => Promise<unknown>
  /** The policy file whose hash is `policyHash` (JSON value). */
  readPolicy: (policyHash: `0x${string}`) => Promise<unknown>
  /** The report_data binding (@licen/sdk `reportData`). */
  reportData: (binding: EvidenceBundle['binding']) => Uint8Array
}

function mismatch(shortMessage: string, details: string): BaseError {
  return new BaseError('JOB_EVIDENCE_INVALID', shortMessage, { details })
}

/**
 * Re-verifies a past job: the stored quote must hash to the attestationRef on chain, the policy file to the
 * policyHash on chain, the binding must name this job and its enclave signer; then the evidence is verified
 * against the policy at the time it was first verified.
 */
export async function verifyJob(
  jobId: bigint,
  sources: JobSources,
  options: { devMockRootCa?: Uint8Array | undefined } = {},
): Promise<Verdict> {
  const record = await sources.readJobStart(jobId)
  if (!record) throw mismatch('The job has not been started on chain.', `job ${jobId}`)
  const bundle = parseEvidenceBundle(await sources.readEvidence(record.attestationRef))
  const quote = hexToBytes(bundle.quote)
  const quoteRef = `0x${bytesToHex(keccak_256(quote))}`
  if (quoteRef !== record.attestationRef.toLowerCase()) {
    throw mismatch(
      'The stored quote is not the one recorded on chain.',
      `keccak256(quote) ${quoteRef} ≠ ${record.attestationRef}`,
    )
  }
  const policy = parsePolicy(await sources.readPolicy(record.policyHash))
  const hash = policyHash(policy)
  if (hash !== record.policyHash.toLowerCase() || hash !== bundle.policyHash.toLowerCase()) {
    throw mismatch('The policy does not match the hash recorded on chain.', `${hash} ≠ ${record.policyHash}`)
  }
  if (BigInt(bundle.binding.jobId) !== jobId) {
    throw mismatch('The evidence is bound to another job.', `binding job ${bundle.binding.jobId}`)
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
  })
}
