import type { Hex } from 'viem'
import type { JobRow } from '../../db/jobRow.js'
import { resealDatasetKey } from '../../release/resealDatasetKey.js'
import type { JobContext } from '../JobContext.js'
import { effectDone, record } from './record.js'
import type { StepResult } from './StepResult.js'

/**
 * `attested` → `starting`: uploads the recorded evidence bytes (content-addressed, so a repeat after a crash
 * stores the same object), then opens the dataset key envelope and re-seals the key to the attested per-job key
 * (the plaintext key exists only inside that call; `prepareRelease` already opened it before the attestation, and
 * an envelope naming another publisher than the on-chain owner still fails the job `DATASET_OWNER_MISMATCH`), and records the evidence root (`attestationRef`) and the
 * sealed key together with the `startJob` about to be sent. Evidence verified too long ago goes back to
 * `discovered` to be attested again with a fresh nonce.
 */
export async function storeEvidence(ctx: JobContext, row: JobRow): Promise<StepResult> {
  const { verifiedAt, evidence, datasetRoot, encPubKey, signer, policyHash } = row
  if (
    verifiedAt === null ||
    evidence === null ||
    datasetRoot === null ||
    encPubKey === null ||
    signer === null ||
    policyHash === null
  ) {
    throw new Error('attested row incomplete')
  }
  if (ctx.now() - verifiedAt > ctx.timing.attestationMaxAgeSeconds) {
    return {
      row: await ctx.store.transition(row, 'discovered', {}, [
        { step: 'attest', phase: 'error', detail: { reason: 'evidence too old', verifiedAt } },
      ]),
    }
  }
  const { root } = await ctx.storage.upload(new TextEncoder().encode(evidence), {
    signal: AbortSignal.timeout(ctx.timing.requestTimeoutMs),
  })
  effectDone(ctx, row, 'evidence')
  const { policyVersion } = await ctx.chain.readJob(row.jobId)
  const dataset = await ctx.manifests.datasetOf(datasetRoot, policyVersion)
  const manifest = await ctx.manifests.read(dataset.manifestHash)
  // Checked again right before the key is opened: a revocation since the attestation stops the release.
  const releaseKey = await ctx.releaseKeys.keyFor(manifest.keyEnvelope.releasePublicKey as Hex)
  const sealedKey = resealDatasetKey({
    releaseKey,
    manifest,
    job: { chainId: ctx.chainId, dataPolicy: ctx.dataPolicy, jobId: row.jobId, datasetRoot },
    owner: dataset.owner,
    providerPublicKey: encPubKey,
  })
  return {
    row: await record(ctx, row, 'starting', { attestationRef: root, sealedKey }, [
      { step: 'evidence', phase: 'end', detail: { attestationRef: root } },
      { step: 'startJob', phase: 'begin', detail: { signer, attestationRef: root, policyHash } },
    ]),
  }
}
