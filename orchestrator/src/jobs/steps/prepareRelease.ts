import { isFinalJobState, reportData, resultKeyTag } from '@licen/sdk'
import { bytesToHex, type Hex, hexToBytes, isAddressEqual } from 'viem'
import type { JobRow } from '../../db/jobRow.js'
import { buildEvidence } from '../../release/buildEvidence.js'
import { checkKeyEnvelope } from '../../release/checkKeyEnvelope.js'
import type { JobContext } from '../JobContext.js'
import { JobFailure } from '../JobFailure.js'
import { checkGranted } from './checkGranted.js'
import { effectDone, record, recordFinal } from './record.js'
import type { StepResult } from './StepResult.js'

/**
 * `discovered` / `attesting` → `attested`: re-reads the job on chain, refuses what must be refused, checks the
 * manifest and opens its key envelope, burns a fresh nonce (recorded), asks the provider to attest, verifies the evidence against the
 * required policy and records the canonical evidence object. A Running job found here is adopted for tracking.
 */
export async function prepareRelease(ctx: JobContext, row: JobRow): Promise<StepResult> {
  const job = await ctx.chain.readJob(row.jobId)
  if (isFinalJobState(job.stateName)) {
    return { row: await recordFinal(ctx, row, job.stateName) }
  }
  if (job.stateName === 'Running') {
    // Started before this database knew it (or by a release whose record was lost): track and settle only.
    ctx.log.warn('adopting a running job', { jobId: String(row.jobId), signer: job.enclaveSigner })
    return {
      row: await ctx.store.transition(
        row,
        'running',
        {
          adopted: true,
          signer: job.enclaveSigner,
          datasetRoot: job.datasetRoot,
          attestationRef: job.attestationRef,
        },
        [{ step: 'adopt', phase: 'end', detail: { signer: job.enclaveSigner } }],
      ),
    }
  }
  if (job.stateName !== 'Granted') throw new Error(`job ${row.jobId} is ${job.stateName}`)

  const plan = await checkGranted(ctx, job)
  // The manifest of the policy version the job was granted under (an owner's re-seal writes a newer one).
  const manifest = await ctx.manifests.read(
    await ctx.chain.readManifestAt(job.datasetRoot, job.policyVersion),
  )
  if (manifest.datasetRoot.toLowerCase() !== job.datasetRoot.toLowerCase()) {
    throw new JobFailure('MANIFEST_INVALID', 'the manifest describes another dataset')
  }
  // A copied root and manifest registered by someone else (dataset squatting): refused before any attestation.
  if (!isAddressEqual(manifest.publisher.address as Hex, plan.dataset.owner)) {
    throw new JobFailure(
      'DATASET_OWNER_MISMATCH',
      `manifest publisher ${manifest.publisher.address}, registered by ${plan.dataset.owner}`,
    )
  }
  // Sealed to a key this orchestrator holds, registered on chain and not revoked (else the job fails, refunded).
  const releaseKey = await ctx.releaseKeys.keyFor(manifest.keyEnvelope.releasePublicKey as Hex)
  // The envelope itself is opened now, not only after the attestation: a job whose envelope is bound to another
  // dataset or names another owner (a squatter's rewritten manifest) would otherwise hold one of the provider's
  // pending-attestation slots for nothing. The release opens it again (storeEvidence).
  checkKeyEnvelope({ releaseKey, manifest, datasetRoot: job.datasetRoot, owner: plan.dataset.owner })
  const resultPubKey =
    row.resultPubKey ??
    (await ctx.chain.readAccessGranted(row.jobId, row.grantedBlock ?? ctx.fromBlock)).resultPubKey
  if (resultKeyTag(resultPubKey).toLowerCase() !== job.resultKeyTag.toLowerCase()) {
    throw new Error('the AccessGranted result key does not match the job on chain')
  }

  const nonce = bytesToHex(crypto.getRandomValues(new Uint8Array(32)))
  let current = await record(
    ctx,
    row,
    'attesting',
    { nonce, datasetRoot: job.datasetRoot, resultPubKey, policyHash: plan.policyHash },
    [
      {
        step: 'attest',
        phase: 'begin',
        detail: { nonce, policyHash: plan.policyHash, providerId: job.providerId },
      },
    ],
    { nonce },
  )
  const answer = await ctx.providers.attest(plan.endpoint, row.jobId, {
    nonce,
    chainId: ctx.chainId,
    dataPolicy: ctx.dataPolicy,
  })
  effectDone(ctx, current, 'attest')

  const verifiedAt = ctx.now()
  const { verdict, collateral } = await ctx.verifier.verify({
    quote: hexToBytes(answer.quote),
    eventLog: answer.eventLog,
    policyHash: plan.policyHash,
    expectedReportData: reportData({
      chainId: ctx.chainId,
      dataPolicy: ctx.dataPolicy,
      jobId: row.jobId,
      nonce,
      encPubKey: answer.encPubKey,
      signer: answer.signer,
    }),
    now: verifiedAt,
  })
  if (!verdict.ok) {
    const failed = verdict.checks.filter((check) => check.status === 'fail').map((check) => check.code)
    throw new JobFailure('ATTESTATION_REJECTED', failed.join(','))
  }
  const evidence = buildEvidence({
    chainId: ctx.chainId,
    dataPolicy: ctx.dataPolicy,
    jobId: row.jobId,
    nonce,
    encPubKey: answer.encPubKey,
    signer: answer.signer,
    quote: answer.quote,
    eventLog: answer.eventLog,
    collateral,
    policyHash: plan.policyHash,
    verifiedAt,
  })
  current = await record(
    ctx,
    current,
    'attested',
    { encPubKey: answer.encPubKey.toLowerCase() as Hex, signer: answer.signer, verifiedAt, evidence },
    [
      { step: 'attest', phase: 'end', detail: { signer: answer.signer, quoteHash: verdict.quoteHash } },
      { step: 'evidence', phase: 'begin', detail: { bytes: evidence.length } },
    ],
  )
  return { row: current }
}
