import type { ResultManifest, ResultReceipt } from '@licen/sdk'
import type { Address, Hex } from 'viem'
import type { JobKeys } from '../keys/createJobKeys.js'

/** Where a job stands, as `GET /v1/jobs/:jobId` reports it. */
export type JobStatus =
  | { state: 'Init' }
  /** `queued` while the job waits for a free training slot. */
  | { state: 'SettingUp'; queued: boolean }
  | { state: 'Training'; epoch: number; step: number; totalSteps: number; loss: number | null }
  | { state: 'Delivering' }
  | { state: 'Delivered'; resultRoot: Hex }
  | { state: 'Finished' }
  | { state: 'Failed'; code: string }

/** An epoch receipt as the job signed it, with its EIP-712 digest (numbers as decimal strings in JSON). */
export type SignedReceipt = ResultReceipt

/** The signed result manifest of a finished job. */
export type SignedManifest = {
  manifest: ResultManifest
  signature: Hex
}

/** The signed failure report of a failed job. */
export type SignedFailure = { code: string; reason: Hex; signature: Hex }

/** Counts the dataset reader found (never content). */
export type DatasetSummary = {
  bytes: number
  validExamples: number
  invalidLines: number
  invalidByReason: Record<string, number>
}

/** One job as this node holds it in memory. */
export type JobRecord = {
  jobId: bigint
  keys: JobKeys
  /** Nonces already quoted for this job (a reused one is refused). */
  nonces: Set<string>
  /** The job's requester and dataset as read on chain at the first attest (pending slots are capped per each). */
  requester: Address
  datasetRoot: Hex
  createdAt: number
  /** When the chain last said this attested job can still start here (pending jobs are re-checked). */
  checkedAt: number
  startedAt: number | undefined
  endedAt: number | undefined
  status: JobStatus
  receipts: SignedReceipt[]
  result: SignedManifest | undefined
  failure: SignedFailure | undefined
  dataset: DatasetSummary | undefined
  /** Aborts the running pipeline (reason: `'shutdown'` or `'abort'`). */
  abort: AbortController
}

/** Whether the job reached an end state. */
export function isEnded(record: JobRecord): boolean {
  return record.status.state === 'Finished' || record.status.state === 'Failed'
}
