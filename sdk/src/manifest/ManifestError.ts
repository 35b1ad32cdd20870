import { BaseError } from '../errors.js'

/** Stable codes of manifest failures. */
export type ManifestErrorCode =
  /** The manifest is larger than `MANIFEST_MAX_BYTES`. */
  | 'MANIFEST_TOO_LARGE'
  /** The manifest is not UTF-8 JSON. */
  | 'MANIFEST_INVALID_JSON'
  /** The JSON does not match the manifest schema (details list the failing paths). */
  | 'MANIFEST_INVALID'
  /** A JSONL line is not a JSON object, is too long, or the rows have too many distinct fields. */
  | 'MANIFEST_JSONL_INVALID'
  /** A JsonlAnalyzer option is out of range. */
  | 'MANIFEST_JSONL_OPTIONS_INVALID'

/** Error thrown while building, parsing or checking a dataset manifest. */
export class ManifestError extends BaseError<ManifestErrorCode> {
  override name = 'ManifestError'
}
