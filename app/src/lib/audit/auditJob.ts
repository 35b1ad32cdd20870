import { parseEvidenceBundle, parsePolicy, policyHash, verifyEvidence } from '@licen/attestation-policy'
import { dataPolicyDomain, recoverResultManifestSigner, reportData } from '@licen/sdk'
import type { Config } from '@wagmi/core'
import { type Hex, hexToBytes, isAddressEqual } from 'viem'
import { readJob, readProvider } from '../chain/dataPolicy.js'
import type { AppConfig } from '../config/appConfig.js'
import { AppError } from '../errors/AppError.js'
import { describeError } from '../errors/describeError.js'
import { formatAmount } from '../format/amount.js'
import { fetchJobs } from '../jobs/fetchJobs.js'
import { fetchProviderJobStatus } from '../jobs/providerJobStatus.js'
import { verifyReceipts } from '../jobs/verifyReceipts.js'
import { createReadStorage } from '../storage/createReadStorage.js'
import type { AuditStep } from './auditTypes.js'
import { fetchProviderResult } from './providerResult.js'
import { expectedSettlement } from './settlementCheck.js'

const maxPolicyBytes = 256 * 1024
const maxEvidenceBytes = 4 * 1024 * 1024

/**
 * Re-checks a job the way an auditor would, in the browser: the policy file against the hash on chain, the stored
 * evidence and its quote against that policy (verdict per check), the receipt chain, the signed result manifest
 * against the on-chain enclave signer, and the settled amounts against the escrow. Every step says why.
 */
export async function auditJob(wagmi: Config, config: AppConfig, jobId: bigint): Promise<AuditStep[]> {
  const steps: AuditStep[] = []
  const [onChain, [job]] = await Promise.all([
    readJob(wagmi, config, jobId),
    fetchJobs(wagmi, config, { jobId }),
  ])
  if (!job?.started) {
    steps.push({
      id: 'started',
      title: 'Job started on chain',
      status: 'fail',
      detail: 'The job was never started: no attestation to audit.',
    })
    return steps
  }
  const { enclaveSigner, attestationRef, policyHash: chainPolicyHash } = job.started
  steps.push({
    id: 'started',
    title: 'Job started on chain',
    status: 'pass',
    detail: `enclave signer ${enclaveSigner}, evidence ${attestationRef}, policy ${chainPolicyHash}`,
  })

  // Policy hash ↔ policy file.
  let policy: ReturnType<typeof parsePolicy> | undefined
  try {
    const text = await fetchBounded(
      `${config.attestationPoliciesUrl}/${chainPolicyHash}.json`,
      maxPolicyBytes,
    )
    policy = parsePolicy(JSON.parse(text))
    const hash = policyHash(policy)
    steps.push({
      id: 'policy',
      title: 'Policy file hashes to the policy hash on chain',
      status: hash === chainPolicyHash.toLowerCase() ? 'pass' : 'fail',
      detail: `${policy.name ?? 'policy'}: keccak256(JCS) ${hash} ${hash === chainPolicyHash.toLowerCase() ? '=' : '≠'} ${chainPolicyHash}`,
    })
  } catch (error) {
    steps.push({
      id: 'policy',
      title: 'Policy file hashes to the policy hash on chain',
      status: 'fail',
      detail: describeError(error).message,
    })
  }

  // Evidence object in storage (its 0G root is attestationRef; the storage client verifies the root).
  try {
    const storage = await createReadStorage(wagmi, config, maxEvidenceBytes)
    const bytes = await new Response(await storage.download(attestationRef)).bytes()
    const bundle = parseEvidenceBundle(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)))
    const bindingOk =
      BigInt(bundle.binding.jobId) === jobId &&
      isAddressEqual(bundle.binding.signer as Hex, enclaveSigner) &&
      BigInt(bundle.binding.chainId) === BigInt(config.chain.id) &&
      isAddressEqual(bundle.binding.dataPolicy as Hex, config.dataPolicy.address)
    steps.push({
      id: 'evidence',
      title: 'Stored evidence is bound to this job and enclave signer',
      status: bindingOk ? 'pass' : 'fail',
      detail: `job ${bundle.binding.jobId}, signer ${bundle.binding.signer}, chain ${bundle.binding.chainId}, contract ${bundle.binding.dataPolicy}`,
    })
    if (policy) {
      const verdict = await verifyEvidence(
        { quote: hexToBytes(bundle.quote as Hex), eventLog: bundle.eventLog },
        policy,
        {
          collateral: bundle.collateral,
          now: bundle.verifiedAt,
          expectedReportData: reportData({
            chainId: BigInt(bundle.binding.chainId),
            dataPolicy: bundle.binding.dataPolicy as Hex,
            jobId: BigInt(bundle.binding.jobId),
            nonce: bundle.binding.nonce as Hex,
            encPubKey: bundle.binding.encPubKey as Hex,
            signer: bundle.binding.signer as Hex,
          }),
        },
      )
      for (const check of verdict.checks)
        steps.push({
          id: `quote:${check.id}`,
          title: check.title,
          status: check.status === 'pass' ? 'pass' : check.status === 'fail' ? 'fail' : 'unavailable',
          detail: check.reason,
        })
    }
  } catch (error) {
    const described = describeError(error)
    steps.push({
      id: 'evidence',
      title: 'Stored evidence and quote verification',
      status: described.code === 'VERIFIER_UNAVAILABLE' ? 'unavailable' : 'fail',
      detail:
        described.code === 'VERIFIER_UNAVAILABLE'
          ? `${described.message} Run \`pnpm licen-attest job ${jobId}\` to verify the quote.`
          : described.message,
    })
  }

  // Receipts, the signed manifest and the settlement (completed jobs only).
  const completed = job.completed
  if (!completed) {
    steps.push({
      id: 'settled',
      title: 'Job settled',
      status: 'fail',
      detail: `The job is ${job.state}: nothing settled to audit.`,
    })
    return steps
  }
  const endpoint = (await readProvider(wagmi, config, job.providerId)).endpoint
  try {
    const status = await fetchProviderJobStatus(endpoint, jobId)
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
  return steps
}

async function fetchBounded(url: string, maxBytes: number): Promise<string> {
  let response: Response
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(10_000),
      headers: { accept: 'application/json' },
    })
  } catch (cause) {
    throw new AppError('The policy file could not be fetched.', { code: 'POLICY_FILE_UNAVAILABLE', cause })
  }
  if (!response.ok)
    throw new AppError('The policy file could not be fetched.', {
      code: 'POLICY_FILE_UNAVAILABLE',
      details: `HTTP ${response.status}`,
    })
  const text = await response.text()
  if (text.length > maxBytes)
    throw new AppError('The policy file is too large.', { code: 'POLICY_FILE_UNAVAILABLE' })
  return text
}
