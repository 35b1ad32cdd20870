import { formatIssues, parseJsonOrThrow, parseOrThrow } from '../errors.js'
import { z } from '../validation/index.js'
import {
  ADAPTER_CONTAINER_MAGIC,
  ADAPTER_CONTAINER_MAX_FILES,
  ADAPTER_CONTAINER_MAX_HEADER_SIZE,
  ADAPTER_CONTAINER_PREFIX_SIZE,
  ADAPTER_CONTAINER_VERSION,
} from './constants.js'
import { ResultError } from './ResultError.js'

/** One file as the container header lists it. */
export type AdapterFileEntry = {
  /** Plain file name (no directories): letters, digits, `.`, `_`, `-`; 1-128 characters. */
  name: string
  /** Size in bytes. */
  size: number
  /** Lower-case hex sha256 of the file bytes (no 0x). */
  sha256: string
}

const fileName = z.string().check(
  z.regex(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/),
  z.refine((name) => name !== '..' && !name.startsWith('.'), 'no dot files'),
)

/** Schema of one header entry (strict: unknown keys are refused). */
export const adapterFileEntrySchema = z.strictObject({
  name: fileName,
  size: z.int().check(z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER)),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
})

const headerSchema = z
  .strictObject({
    files: z.array(adapterFileEntrySchema).check(z.minLength(1), z.maxLength(ADAPTER_CONTAINER_MAX_FILES)),
  })
  .check(
    z.refine(
      (header) => new Set(header.files.map((f) => f.name)).size === header.files.length,
      'duplicate name',
    ),
  )

/** Encodes the container prefix and header JSON (`"LCNA" ‖ version ‖ u32be length ‖ header`) for `files`. */
export function encodeAdapterContainerHeader(files: readonly AdapterFileEntry[]): Uint8Array<ArrayBuffer> {
  const parsed = headerSchema.safeParse({
    files: files.map(({ name, size, sha256 }) => ({ name, size, sha256 })),
  })
  if (!parsed.success) {
    throw new ResultError('Adapter files are not a valid container header.', {
      code: 'RESULT_INVALID_ARGUMENT',
      details: formatIssues(parsed.error),
    })
  }
  const json = new TextEncoder().encode(JSON.stringify(parsed.data))
  if (json.length > ADAPTER_CONTAINER_MAX_HEADER_SIZE) {
    throw new ResultError('Adapter container header is too large.', { code: 'RESULT_INVALID_ARGUMENT' })
  }
  const out = new Uint8Array(ADAPTER_CONTAINER_PREFIX_SIZE + json.length)
  out.set(new TextEncoder().encode(ADAPTER_CONTAINER_MAGIC), 0)
  out[4] = ADAPTER_CONTAINER_VERSION
  new DataView(out.buffer).setUint32(5, json.length)
  out.set(json, ADAPTER_CONTAINER_PREFIX_SIZE)
  return out
}

/** Reads the 9-byte prefix and returns the header JSON length it announces; throws on a bad magic or version. */
export function parseAdapterContainerPrefix(prefix: Uint8Array, maxHeaderSize: number): number {
  if (prefix.length !== ADAPTER_CONTAINER_PREFIX_SIZE) {
    throw new ResultError('Adapter container ends inside its prefix.', {
      code: 'ADAPTER_CONTAINER_TRUNCATED',
    })
  }
  if (new TextDecoder().decode(prefix.subarray(0, 4)) !== ADAPTER_CONTAINER_MAGIC) {
    throw new ResultError('Not an adapter container (bad magic).', { code: 'ADAPTER_CONTAINER_INVALID' })
  }
  if (prefix[4] !== ADAPTER_CONTAINER_VERSION) {
    throw new ResultError('Unsupported adapter container version.', {
      code: 'ADAPTER_CONTAINER_INVALID',
      details: `version ${prefix[4]}`,
    })
  }
  const length = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength).getUint32(5)
  if (length > maxHeaderSize) {
    throw new ResultError('Adapter container header is too large.', {
      code: 'ADAPTER_CONTAINER_TOO_LARGE',
      details: `${length} bytes, limit ${maxHeaderSize}`,
    })
  }
  return length
}

/** Parses and validates the header JSON bytes into its file entries. */
export function parseAdapterContainerHeader(json: Uint8Array): AdapterFileEntry[] {
  const value = parseJsonOrThrow(
    json,
    (cause) =>
      new ResultError('Adapter container header is not JSON.', { code: 'ADAPTER_CONTAINER_INVALID', cause }),
  )
  const parsed = parseOrThrow(
    headerSchema,
    value,
    (details) =>
      new ResultError('Adapter container header is invalid.', { code: 'ADAPTER_CONTAINER_INVALID', details }),
  )
  return parsed.files
}
