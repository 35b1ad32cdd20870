import type { DataPolicyJob } from '@licen/sdk'
import { type Hex, zeroHash } from 'viem'
import type { DatasetPolicy, DatasetRecord } from '../../chain/createChain.js'
import type { JobContext } from '../JobContext.js'
import { JobFailure } from '../JobFailure.js'

/** What a Granted job needs before its provider is asked to attest. */
export type GrantedJobPlan = {
  dataset: DatasetRecord
  policy: DatasetPolicy
  /** The attestation policy the evidence must satisfy (the dataset's, or the configured default). */
  policyHash: Hex
  endpoint: string
}

/**
 * Refuses work the protocol must not do (delisted dataset, a job granted under a former owner, expired policy, deadline too close, unknown or
 * disallowed attestation policy) by throwing the `JobFailure` to record, and otherwise returns the plan.
 */
export async function checkGranted(ctx: JobContext, job: DataPolicyJob): Promise<GrantedJobPlan> {
  // Independent reads go out together (one JSON-RPC batch); their outcomes are checked in the order below, so
  // the reason recorded is the same as if they had been read one after another.
  const [datasetRead, policyRead, nowRead, endpointRead, tenureRead] = await Promise.allSettled([
    ctx.chain.readDataset(job.datasetRoot),
    ctx.chain.readPolicy(job.datasetRoot, job.policyVersion),
    ctx.chain.chainTime(),
    ctx.chain.providerEndpoint(job.providerId),
    ctx.chain.grantedUnderCurrentOwner(job.jobId),
  ])
  const dataset = settled(datasetRead)
  if (!dataset.active) throw new JobFailure('DATASET_DELISTED')
  // Granted on a squatter's terms before the owner took the dataset back: refused before anything is attested.
  if (!settled(tenureRead)) throw new JobFailure('DATASET_OWNER_REPLACED', `owner now ${dataset.owner}`)
  const policy = settled(policyRead)
  const now = settled(nowRead)
  if (policy.expiry !== 0 && now > policy.expiry) {
    throw new JobFailure('POLICY_EXPIRED', `expired at ${policy.expiry}`)
  }
  const left = job.deadline - now
  if (left < 0) throw new JobFailure('DEADLINE_PASSED')
  if (left < ctx.timing.minRunSeconds) {
    throw new JobFailure('DEADLINE_TOO_CLOSE', `${left} s left, ${ctx.timing.minRunSeconds} s needed`)
  }
  const policyHash = (
    policy.attestationPolicy === zeroHash ? ctx.defaultPolicyHash : policy.attestationPolicy
  ) as Hex
  if (!ctx.verifier.has(policyHash)) throw new JobFailure('POLICY_UNAVAILABLE', policyHash)
  if (!(await ctx.chain.isPolicyAllowed(policyHash))) throw new JobFailure('POLICY_NOT_ALLOWED', policyHash)
  const endpoint = settled(endpointRead)
  return { dataset, policy, policyHash, endpoint }
}

/** The value of a settled read, or its error thrown. */
function settled<value>(outcome: PromiseSettledResult<value>): value {
  if (outcome.status === 'rejected') throw outcome.reason
  return outcome.value
}
