import { BaseError } from '../errors.js'

/** Stable codes of every result-object and adapter-container failure; each names one cause. */
export type ResultErrorCode =
  /** An argument is out of range (a caller bug: file name, size, limit, key length). */
  | 'RESULT_INVALID_ARGUMENT'
  /** The adapter container's magic, version or header is not valid LCNA. */
  | 'ADAPTER_CONTAINER_INVALID'
  /** The container or its header exceeds the reader's size limit. */
  | 'ADAPTER_CONTAINER_TOO_LARGE'
  /** The container ended before the last byte its header announces. */
  | 'ADAPTER_CONTAINER_TRUNCATED'
  /** Bytes follow the last file. */
  | 'ADAPTER_CONTAINER_TRAILING_DATA'
  /** A file's bytes do not match the size or sha256 its header entry declares. */
  | 'ADAPTER_FILE_MISMATCH'
  /** The result object's magic, version or envelope length is not valid LCNR. */
  | 'RESULT_OBJECT_INVALID'
  /** The result object ended inside its prefix or envelope. */
  | 'RESULT_OBJECT_TRUNCATED'
  /** The result holds no receipts file (`licen_receipts.json`). */
  | 'RESULT_RECEIPTS_MISSING'
  /** The receipts file is not valid (size, UTF-8, JSON or its strict schema). */
  | 'RESULT_RECEIPTS_INVALID'
  /** The receipts do not form one chain for the job (epochs 1..n, links, job id, each digest its receipt's). */
  | 'RESULT_RECEIPTS_BROKEN'
  /** A receipt does not recover to the job's enclave signer. */
  | 'RESULT_RECEIPT_SIGNER_MISMATCH'
  /** The signed epoch receipts do not chain to the receipts head settled on chain. */
  | 'RESULT_RECEIPTS_MISMATCH'
  /** The number of receipts differs from the epochs settled on chain (`actualEpochs`). */
  | 'RESULT_EPOCHS_MISMATCH'
  /** The decrypted adapter is not the one the last signed receipt names (or a file is missing). */
  | 'RESULT_ADAPTER_MISMATCH'
  /** The wallet's re-derived result key is not the one the job was requested with (`downloadJobResult`). */
  | 'RESULT_NOT_REQUESTER'

/** Error thrown (or used to error a stream) by the result-object and adapter-container functions. */
export class ResultError extends BaseError<ResultErrorCode> {
  override name = 'ResultError'
}
