import type { JobRow } from '../../db/jobRow.js'
import { resealDatasetKey } from '../../release/resealDatasetKey.js'
import type { JobContext } from '../JobContext.js'
import { JobFailure } from '../JobFailure.js'
import { record, recordFinal } from './record.js'
import type { StepResult } from './StepResult.js'

/**
 * `evidence_stored` → `starting`: re-reads the job and dataset, opens the dataset key envelope and re-seals it to
 * the attested per-job key (the key exists in memory only inside that call), and records the sealed key together
 * with the `startJob` it is about to send.
 */
export async function sealKey(ctx: JobContext, row: JobRow): Promise<StepResult> {
  const job = await ctx.chain.readJob(row.jobId)
  if (job.stateName === 'Completed' || job.stateName === 'Failed' || job.stateName === 'Reclaimed') {
    return { row: await recordFinal(ctx, row, job.stateName) }
  }
  if (job.stateName !== 'Granted')
    throw new Error(`job ${row.jobId} is ${job.stateName} before startJob was sent`)
  const dataset = await ctx.chain.readDataset(job.datasetRoot)
  if (!dataset.active) throw new JobFailure('DATASET_DELISTED')
  if (
    row.encPubKey === null ||
    row.signer === null ||
    row.attestationRef === null ||
    row.policyHash === null
  ) {
    throw new Error('evidence_stored row without its attestation')
  }
  const manifest = await ctx.manifests.read(dataset.manifestHash)
  const sealedKey = resealDatasetKey({
    releaseKey: ctx.releaseKey,
    manifest,
    job: { chainId: ctx.chainId, dataPolicy: ctx.dataPolicy, jobId: row.jobId, datasetRoot: job.datasetRoot },
    providerPublicKey: row.encPubKey,
  })
  return {
    row: await record(ctx, row, 'starting', { sealedKey }, [
      {
        step: 'startJob',
        phase: 'begin',
        detail: { signer: row.signer, attestationRef: row.attestationRef, policyHash: row.policyHash },
      },
    ]),
  }
}
