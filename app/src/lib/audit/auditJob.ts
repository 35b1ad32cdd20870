import { dataPolicyDomain, fetchProviderJob, recoverResultManifestSigner } from '@licen/sdk'
import type { Config } from '@wagmi/core'
import { isAddressEqual } from 'viem'
import { readJob, readProvider } from '../chain/dataPolicy.js'
import type { AppConfig } from '../config/appConfig.js'
import { describeError } from '../errors/describeError.js'
import { formatAmount } from '../format/amount.js'
import { fetchJobs } from '../jobs/fetchJobs.js'
import { verifyReceipts } from '../jobs/verifyReceipts.js'
import { auditAppJobReleaseKey } from '../releaseKey/appReleaseKey.js'
import { releaseKeyAuditGroup, releaseKeyUnavailable } from '../releaseKey/releaseKeyText.js'
import { createReadStorage } from '../storage/createReadStorage.js'
import { auditAttestation, MAX_EVIDENCE_BYTES } from './auditAttestation.js'
import type { AuditReport, AuditStep } from './auditTypes.js'
import { dcapWasm } from './dcapWasm.js'
import { fetchPolicyFile } from './fetchPolicyFile.js'
import { fetchProviderResult } from './providerResult.js'
import { auditedJob, refundStep } from './refundCheck.js'
import { expectedSettlement } from './settlementCheck.js'

/**
 * Re-checks a job the way an auditor would, in the browser: the policy file against the hash on chain, the stored
 * evidence and its quote against that policy (verdict per check), the receipt chain, the signed result manifest
 * against the on-chain enclave signer, and the settled amounts against the escrow. Every step says why.
 */
export async function auditJob(wagmi: Config, config: AppConfig, jobId: bigint): Promise<AuditReport> {
  const steps: AuditStep[] = []
  const [onChain, [job]] = await Promise.all([
    readJob(wagmi, config, jobId),
    fetchJobs(wagmi, config, { jobId }),
  ])
  if (!job) {
    steps.push({
      id: 'started',
      title: 'Job started on chain',
      status: 'fail',
      detail: `No job #${jobId} on this network.`,
    })
    return { steps }
  }
  const audited = auditedJob(job)
  if (!job.started) {
    // A job that failed or was reclaimed before any enclave ran it has nothing to attest; the refund is the check.
    steps.push({
      id: 'started',
      title: 'Job started on chain',
      status: job.state === 'Granted' ? 'fail' : 'skipped',
      detail:
        job.state === 'Granted'
          ? 'The job has not started yet: no attestation to audit.'
          : `The job was never started (${job.state} from Granted): no enclave ran it, so there is no attestation to audit.`,
    })
    const refund = refundStep(job, config.chain.nativeCurrency.symbol)
    if (refund) steps.push(refund)
    return { steps, job: audited }
  }
  const { enclaveSigner, attestationRef, policyHash: chainPolicyHash } = job.started
  steps.push({
    id: 'started',
    title: 'Job started on chain',
    status: 'pass',
    detail: `enclave signer ${enclaveSigner}, evidence ${attestationRef}, policy ${chainPolicyHash}`,
  })

  // Policy hash ↔ policy file, evidence at attestationRef ↔ this job, quote ↔ policy (verdict per check).
  const attestation = await auditAttestation({
    jobId,
    chainId: config.chain.id,
    dataPolicy: config.dataPolicy.address,
    started: job.started,
    readPolicy: (hash) => fetchPolicyFile(config.attestationPoliciesUrl, hash),
    readEvidence: async (ref) => {
      const storage = await createReadStorage(wagmi, config, MAX_EVIDENCE_BYTES)
      return new Response(await storage.download(ref)).bytes()
    },
    dcapWasm,
  })
  steps.push(...attestation.steps)
  // Which release key opened the dataset, its evidence and its policy (#13): its own group on the page.
  const releaseKey = await auditAppJobReleaseKey(wagmi, config, jobId)
    .then(releaseKeyAuditGroup)
    .catch((error: unknown) => releaseKeyUnavailable(describeError(error).message))
  const report = (): AuditReport => ({ steps, measured: attestation.measured, job: audited, releaseKey })

  // Receipts, the signed manifest and the settlement (completed jobs only); a failed or reclaimed job's refund.
  const completed = job.completed
  if (!completed) {
    steps.push(
      refundStep(job, config.chain.nativeCurrency.symbol) ?? {
        id: 'settled',
        title: 'Job settled',
        status: 'fail',
        detail: `The job is ${job.state}: nothing settled to audit yet.`,
      },
    )
    return report()
  }
  const endpoint = (await readProvider(wagmi, config, job.providerId)).endpoint
  try {
    const status = await fetchProviderJob({ endpoint, jobId })
    const check = await verifyReceipts(config, jobId, enclaveSigner, status.receipts)
    const headOk = check.ok && check.head.toLowerCase() === completed.receiptsHead.toLowerCase()
    steps.push({
      id: 'receipts',
      title: 'Epoch receipts chain to the settled head, signed by the enclave key',
      status: headOk ? 'pass' : 'fail',
      detail: check.ok ? `${status.receipts.length} receipts, head ${check.head}` : check.message,
    })
  } catch (error) {
    steps.push({
      id: 'receipts',
      title: 'Epoch receipts chain to the settled head, signed by the enclave key',
      status: 'fail',
      detail: describeError(error).message,
    })
  }
  try {
    const { manifest, signature } = await fetchProviderResult(endpoint, jobId)
    const domain = dataPolicyDomain({
      chainId: config.chain.id,
      verifyingContract: config.dataPolicy.address,
    })
    const signer = await recoverResultManifestSigner({ domain, manifest, signature })
    const fieldsOk =
      manifest.jobId === jobId &&
      manifest.datasetRoot.toLowerCase() === job.datasetRoot.toLowerCase() &&
      manifest.resultRoot.toLowerCase() === completed.resultRoot.toLowerCase() &&
      manifest.receiptsHead.toLowerCase() === completed.receiptsHead.toLowerCase() &&
      manifest.codeHash.toLowerCase() === completed.codeHash.toLowerCase() &&
      manifest.attestationRef.toLowerCase() === attestationRef.toLowerCase() &&
      manifest.actualEpochs === completed.actualEpochs
    const signerOk = isAddressEqual(signer, onChain.enclaveSigner)
    steps.push({
      id: 'manifest',
      title: 'Result manifest signed by the on-chain enclave signer and equal to the settlement',
      status: signerOk && fieldsOk ? 'pass' : 'fail',
      detail: `signed by ${signer}${signerOk ? '' : ` ≠ ${onChain.enclaveSigner}`}; fields ${fieldsOk ? 'match' : 'differ from'} the JobCompleted event`,
    })
  } catch (error) {
    steps.push({
      id: 'manifest',
      title: 'Result manifest signed by the on-chain enclave signer and equal to the settlement',
      status: 'fail',
      detail: describeError(error).message,
    })
  }
  const expected = expectedSettlement({ ...job, actualEpochs: completed.actualEpochs })
  const sumOk =
    completed.ownerAmount + completed.providerAmount + completed.feeAmount + completed.refund === job.escrow
  const amountsOk =
    expected.ownerAmount === completed.ownerAmount &&
    expected.providerAmount === completed.providerAmount &&
    expected.feeAmount === completed.feeAmount &&
    expected.refund === completed.refund
  const symbol = config.chain.nativeCurrency.symbol
  steps.push({
    id: 'settlement',
    title: 'Settlement amounts follow the terms and add up to the escrow',
    status: sumOk && amountsOk ? 'pass' : 'fail',
    detail: `owner ${formatAmount(completed.ownerAmount, symbol)} + provider ${formatAmount(completed.providerAmount, symbol)} + fee ${formatAmount(completed.feeAmount, symbol)} + refund ${formatAmount(completed.refund, symbol)} ${sumOk ? '=' : '≠'} escrow ${formatAmount(job.escrow, symbol)}`,
  })
  return report()
}
