import {
  type DataPolicyJob,
  dataPolicyDomain,
  decodeFailureReason,
  recoverFailureReportSigner,
  recoverResultManifestSigner,
} from '@licen/sdk'
import type { ProviderFailure, ProviderResult } from '@licen/sdk/provider-api'
import { isAddressEqual } from 'viem'
import type { SettleCall } from '../../db/jobRow.js'
import type { JobContext } from '../JobContext.js'
import { JobFailure } from '../JobFailure.js'

const domainOf = (ctx: JobContext) =>
  dataPolicyDomain({ chainId: ctx.chainId, verifyingContract: ctx.dataPolicy })

/**
 * Checks a provider's signed result against the job on chain (id, dataset, attestationRef, epochs, enclave
 * signer) before it is submitted; throws `RESULT_INVALID` otherwise. Returns the settlement to record.
 */
export async function verifiedResult(
  ctx: JobContext,
  job: DataPolicyJob,
  result: ProviderResult,
): Promise<SettleCall> {
  const m = result.manifest
  const manifest = {
    jobId: BigInt(m.jobId),
    datasetRoot: m.datasetRoot,
    resultRoot: m.resultRoot,
    codeHash: m.codeHash,
    attestationRef: m.attestationRef,
    actualEpochs: m.actualEpochs,
    receiptsHead: m.receiptsHead,
  }
  const mismatch =
    manifest.jobId !== job.jobId
      ? 'jobId'
      : manifest.datasetRoot.toLowerCase() !== job.datasetRoot.toLowerCase()
        ? 'datasetRoot'
        : manifest.attestationRef.toLowerCase() !== job.attestationRef.toLowerCase()
          ? 'attestationRef'
          : manifest.actualEpochs > job.epochs
            ? 'actualEpochs'
            : undefined
  if (mismatch) throw new JobFailure('RESULT_INVALID', `manifest ${mismatch} differs from the job`)
  const signer = await recoverResultManifestSigner({
    domain: domainOf(ctx),
    manifest,
    signature: result.signature,
  })
  if (!isAddressEqual(signer, job.enclaveSigner))
    throw new JobFailure('RESULT_INVALID', 'not signed by the enclave key')
  return {
    fn: 'confirmTrainingComplete',
    actualEpochs: manifest.actualEpochs,
    resultRoot: manifest.resultRoot,
    receiptsHead: manifest.receiptsHead,
    codeHash: manifest.codeHash,
    signature: result.signature,
  }
}

/** Checks a provider's signed failure report (a valid reason, signed by the job's enclave key). */
export async function verifiedFailure(
  ctx: JobContext,
  job: DataPolicyJob,
  failure: ProviderFailure | undefined,
): Promise<SettleCall> {
  if (!failure) throw new JobFailure('FAILURE_REPORT_INVALID', 'no signed failure report')
  let code: string
  try {
    code = decodeFailureReason(failure.reason)
  } catch {
    throw new JobFailure('FAILURE_REPORT_INVALID', 'reason is not a padded code')
  }
  const signer = await recoverFailureReportSigner({
    domain: domainOf(ctx),
    report: { jobId: job.jobId, reason: failure.reason },
    signature: failure.signature,
  }).catch(() => undefined)
  if (!signer || !isAddressEqual(signer, job.enclaveSigner)) {
    throw new JobFailure('FAILURE_REPORT_INVALID', 'not signed by the enclave key')
  }
  return { fn: 'reportJobFailure', code, reason: failure.reason, signature: failure.signature }
}
