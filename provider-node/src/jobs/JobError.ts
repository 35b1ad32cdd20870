import { BaseError } from '../errors.js'

/**
 * Stable codes of job failures. The first group refuses a request and leaves the job as it was; the second ends
 * a started job, and is the code its signed FailureReport carries (with the dataset, trainer, envelope, LCN1 and
 * storage codes a stage passes through unchanged).
 */
export type JobErrorCode =
  // Requests refused.
  /** No job with this id is known to this node. */
  | 'JOB_NOT_FOUND'
  /** The job was never attested here, so it cannot start. */
  | 'JOB_NOT_ATTESTED'
  /** The job already received its start call. */
  | 'JOB_ALREADY_STARTED'
  /** The job is not Granted on chain, so it cannot be attested. */
  | 'JOB_NOT_GRANTED'
  /** The job on chain names another provider. */
  | 'JOB_NOT_FOR_PROVIDER'
  /** The request names another chain or contract than this node serves. */
  | 'CHAIN_MISMATCH'
  /** The nonce was already used for this job. */
  | 'NONCE_REUSED'
  /** Too many jobs are attested but not started; try later. */
  | 'TOO_MANY_PENDING'
  /** Too many jobs of the same requester are attested but not started; try later. */
  | 'TOO_MANY_PENDING_FOR_REQUESTER'
  /** Too many jobs on the same dataset are attested but not started; try later. */
  | 'TOO_MANY_PENDING_FOR_DATASET'
  /** The job has no signed result yet. */
  | 'RESULT_NOT_READY'
  /** The node is shutting down and takes no new work. */
  | 'SHUTTING_DOWN'
  // Failure reasons of a started job.
  /** The job is not Running on chain at start. */
  | 'JOB_NOT_RUNNING'
  /** The job's enclave signer on chain is not this job's signing key. */
  | 'SIGNER_MISMATCH'
  /** The start spec's dataset root or epochs differ from the job on chain. */
  | 'SPEC_MISMATCH'
  /** keccak256(resultPubKey)[0:12] differs from the job's resultKeyTag on chain. */
  | 'RESULT_KEY_MISMATCH'
  /** The job's deadline is too close to train even one epoch and deliver. */
  | 'DEADLINE_TOO_CLOSE'
  /** The job queue is full. */
  | 'QUEUE_FULL'
  /** Storage holds no object under the dataset root. */
  | 'DATASET_NOT_FOUND'
  /** The dataset ciphertext could not be downloaded. */
  | 'DATASET_DOWNLOAD_FAILED'
  /** The dataset ciphertext is larger than this node accepts. */
  | 'DATASET_TOO_LARGE'
  /** The downloaded ciphertext does not hash to the dataset root. */
  | 'DATASET_ROOT_MISMATCH'
  /** No epoch finished within the time budget. */
  | 'TRAINING_TIMEOUT'
  /** The job was aborted. */
  | 'JOB_ABORTED'
  /** The node shut down while the job ran. */
  | 'PROVIDER_SHUTDOWN'
  /** The trained adapter differs from the one the last receipt hashed. */
  | 'ADAPTER_HASH_MISMATCH'
  /** The encrypted result could not be uploaded. */
  | 'RESULT_UPLOAD_FAILED'
  /** An unexpected failure (details are logged, never sent). */
  | 'INTERNAL_ERROR'

/** Error of the job service; `status` is the HTTP status a request refused with it answers. */
export class JobError extends BaseError<JobErrorCode> {
  override name = 'JobError'
}
