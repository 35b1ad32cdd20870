import type { Logger, StorageAdapter } from '@licen/sdk'
import type { Address, Hex } from 'viem'
import type { OrchestratorChain } from '../chain/createChain.js'
import type { OrchestratorTiming } from '../config/orchestratorConfig.js'
import type { JobStore } from '../db/jobStore.js'
import type { OrchestratorMetrics } from '../metrics/createMetrics.js'
import type { ProviderClient } from '../provider/createProviderClient.js'
import type { AttestationVerifier } from '../release/createAttestationVerifier.js'
import type { ManifestReader } from '../release/createManifestReader.js'
import type { ReleaseKeys } from '../release/createReleaseKeys.js'

/** A step boundary: `begin` is recorded before a side effect, `effect` is right after it (not yet recorded), `end` recorded after it. */
export type StepBoundary = { jobId: bigint; step: StepName; phase: 'begin' | 'effect' | 'end' }

/** The side-effecting steps of a job, in order (`fail` replaces the rest when a job fails). */
export const stepNames = ['attest', 'evidence', 'startJob', 'handover', 'settle', 'fail'] as const
export type StepName = (typeof stepNames)[number]

/** Everything the job steps use. */
export type JobContext = {
  chainId: number
  dataPolicy: Address
  /** First block to search for a job's AccessGranted event when discovery did not record it. */
  fromBlock: bigint
  /** Policy used when a dataset requires none. */
  defaultPolicyHash: Hex
  timing: OrchestratorTiming
  chain: OrchestratorChain
  store: JobStore
  providers: ProviderClient
  verifier: AttestationVerifier
  manifests: ManifestReader
  storage: StorageAdapter
  /** The held release keys: the one a dataset was sealed to opens its envelope, if registered and not revoked. */
  releaseKeys: ReleaseKeys
  log: Logger
  metrics: OrchestratorMetrics
  /** Called at every step boundary (fault injection in the chaos test, tracing). */
  onStep: ((boundary: StepBoundary) => void) | undefined
  /** Unix seconds now (the orchestrator's clock; chain checks use the job's deadline). */
  now: () => number
}
