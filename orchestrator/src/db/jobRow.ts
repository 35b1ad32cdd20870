import type { FinalJobStateName } from '@licen/sdk'
import type { Hex } from 'viem'

/**
 * Where a job stands in this orchestrator. Each stage is entered by recording it (with the data the next side
 * effect needs) before that side effect runs, so a restart resumes exactly there.
 */
export type JobStage =
  /** Seen (indexer or logs); nothing done yet. */
  | 'discovered'
  /** A nonce was burnt and the provider asked to attest. */
  | 'attesting'
  /** Evidence verified; its canonical bytes are recorded, not yet stored. */
  | 'attested'
  /** Evidence stored (`attestationRef`), the dataset key re-sealed to the provider; `startJob` may have been sent. */
  | 'starting'
  /** Running on chain; the sealed key may have been handed over. */
  | 'handing_over'
  /** The provider has the key and trains; polled until it finishes or fails. */
  | 'running'
  /** A signed result or failure report is being submitted. */
  | 'settling'
  /** `markJobFailed(failureCode)` is being submitted. */
  | 'failing'
  /** Final on chain (`outcome`), or left alone (`Conflict`). */
  | 'done'

/** An enclave-signed settlement, recorded before it is submitted. */
export type SettleCall =
  | {
      fn: 'confirmTrainingComplete'
      actualEpochs: number
      resultRoot: Hex
      receiptsHead: Hex
      codeHash: Hex
      signature: Hex
    }
  | { fn: 'reportJobFailure'; code: string; reason: Hex; signature: Hex }

/**
 * How a job ended for this orchestrator: its final chain state, `Conflict` (started by someone else), or
 * `Abandoned` (a zero-escrow job this orchestrator would have failed: left open on chain to expire, no
 * `markJobFailed` sent).
 */
export type JobOutcome = FinalJobStateName | 'Conflict' | 'Abandoned'

/** One row of `orchestrator_jobs`, typed. Times are unix milliseconds of the database clock. */
export type JobRow = {
  jobId: bigint
  stage: JobStage
  outcome: JobOutcome | null
  /** Block of the job's AccessGranted event, when discovery saw it (narrows the log read for its result key). */
  grantedBlock: bigint | null
  /** The job's deadline (unix seconds, from its AccessGranted event); claims go earliest deadline first. */
  deadline: number | null
  /** The job's provider (from its AccessGranted event): per-provider limits and circuit breaker. */
  providerId: number | null
  datasetRoot: Hex | null
  resultPubKey: Hex | null
  policyHash: Hex | null
  nonce: Hex | null
  encPubKey: Hex | null
  signer: Hex | null
  /** Unix seconds the evidence was verified at. */
  verifiedAt: number | null
  /** Canonical evidence JSON (public: quote, event log, collateral, binding). */
  evidence: string | null
  attestationRef: Hex | null
  /** The dataset key sealed to the provider's per-job key (only that enclave can open it). */
  sealedKey: Hex | null
  startTx: Hex | null
  settleCall: SettleCall | null
  settleTx: Hex | null
  failureCode: string | null
  /** Found Running on chain without a release by this orchestrator: tracked and settled only. */
  adopted: boolean
  attempts: number
  retrySince: number | null
  lastError: string | null
  providerUnreachableSince: number | null
  discoveredAt: number
  runningAt: number | null
  doneAt: number | null
}

/** Columns a step may set, mapped to their SQL column and cast. */
export const patchColumns = {
  outcome: ['outcome', 'text'],
  datasetRoot: ['dataset_root', 'text'],
  resultPubKey: ['result_pub_key', 'text'],
  policyHash: ['policy_hash', 'text'],
  nonce: ['nonce', 'text'],
  encPubKey: ['enc_pub_key', 'text'],
  signer: ['signer', 'text'],
  verifiedAt: ['verified_at', 'bigint'],
  evidence: ['evidence', 'text'],
  attestationRef: ['attestation_ref', 'text'],
  sealedKey: ['sealed_key', 'text'],
  startTx: ['start_tx', 'text'],
  settleCall: ['settle_call', 'jsonb'],
  settleTx: ['settle_tx', 'text'],
  failureCode: ['failure_code', 'text'],
  adopted: ['adopted', 'boolean'],
  attempts: ['attempts', 'integer'],
  lastError: ['last_error', 'text'],
} as const satisfies Partial<Record<keyof JobRow, readonly [string, string]>>

/** Fields a step may set on its row. */
export type JobPatch = Partial<{ [key in keyof typeof patchColumns]: JobRow[key] }>

/** The SELECT list that reads a row into `JobRow` shape (numbers as float8, ids as text). */
export const jobColumns = `job_id::text AS job_id, stage, outcome, granted_block::text AS granted_block,
  deadline::float8 AS deadline, provider_id::float8 AS provider_id, dataset_root, result_pub_key, policy_hash, nonce,
  enc_pub_key, signer, verified_at::float8 AS verified_at, evidence, attestation_ref, sealed_key, start_tx,
  settle_call, settle_tx, failure_code, adopted, attempts,
  (extract(epoch FROM retry_since) * 1000)::float8 AS retry_since, last_error,
  (extract(epoch FROM provider_unreachable_since) * 1000)::float8 AS provider_unreachable_since,
  (extract(epoch FROM discovered_at) * 1000)::float8 AS discovered_at,
  (extract(epoch FROM running_at) * 1000)::float8 AS running_at,
  (extract(epoch FROM done_at) * 1000)::float8 AS done_at`

type RawRow = Record<string, unknown>

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value))
const text = <t extends string>(value: unknown) =>
  value === null || value === undefined ? null : (value as t)

/** Converts a raw row (selected with `jobColumns`) to a `JobRow`. */
export function toJobRow(raw: RawRow): JobRow {
  const settle = raw.settle_call
  return {
    jobId: BigInt(raw.job_id as string),
    stage: raw.stage as JobStage,
    outcome: text<JobOutcome>(raw.outcome),
    grantedBlock:
      raw.granted_block === null || raw.granted_block === undefined
        ? null
        : BigInt(raw.granted_block as string),
    deadline: num(raw.deadline),
    providerId: num(raw.provider_id),
    datasetRoot: text<Hex>(raw.dataset_root),
    resultPubKey: text<Hex>(raw.result_pub_key),
    policyHash: text<Hex>(raw.policy_hash),
    nonce: text<Hex>(raw.nonce),
    encPubKey: text<Hex>(raw.enc_pub_key),
    signer: text<Hex>(raw.signer),
    verifiedAt: num(raw.verified_at),
    evidence: text(raw.evidence),
    attestationRef: text<Hex>(raw.attestation_ref),
    sealedKey: text<Hex>(raw.sealed_key),
    startTx: text<Hex>(raw.start_tx),
    settleCall: (typeof settle === 'string' ? JSON.parse(settle) : (settle ?? null)) as SettleCall | null,
    settleTx: text<Hex>(raw.settle_tx),
    failureCode: text(raw.failure_code),
    adopted: raw.adopted === true,
    attempts: Number(raw.attempts ?? 0),
    retrySince: num(raw.retry_since),
    lastError: text(raw.last_error),
    providerUnreachableSince: num(raw.provider_unreachable_since),
    discoveredAt: Number(raw.discovered_at),
    runningAt: num(raw.running_at),
    doneAt: num(raw.done_at),
  }
}
