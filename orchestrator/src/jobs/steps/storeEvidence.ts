import type { JobRow } from '../../db/jobRow.js'
import type { JobContext } from '../JobContext.js'
import { effectDone, record } from './record.js'
import type { StepResult } from './StepResult.js'

/**
 * `attested` → `evidence_stored`: uploads the recorded evidence bytes (content-addressed, so a repeat after a
 * crash stores the same object) and records its root as the job's `attestationRef`. Evidence verified too long
 * ago goes back to `discovered` to be attested again with a fresh nonce.
 */
export async function storeEvidence(ctx: JobContext, row: JobRow): Promise<StepResult> {
  if (row.verifiedAt === null || row.evidence === null) throw new Error('attested row without evidence')
  if (ctx.now() - row.verifiedAt > ctx.timing.attestationMaxAgeSeconds) {
    return {
      row: await ctx.store.transition(row, 'discovered', {}, [
        {
          step: 'attest',
          phase: 'error',
          detail: { reason: 'evidence too old', verifiedAt: row.verifiedAt },
        },
      ]),
    }
  }
  const { root } = await ctx.storage.upload(new TextEncoder().encode(row.evidence), {
    signal: AbortSignal.timeout(ctx.timing.requestTimeoutMs),
  })
  effectDone(ctx, row, 'evidence')
  return {
    row: await record(ctx, row, 'evidence_stored', { attestationRef: root }, [
      { step: 'evidence', phase: 'end', detail: { attestationRef: root } },
    ]),
  }
}
