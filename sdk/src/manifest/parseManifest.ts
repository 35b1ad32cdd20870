import canonicalize from 'canonicalize'
import { parseJsonOrThrow, parseOrThrow } from '../errors.js'
import { ManifestError } from './ManifestError.js'
import { MANIFEST_MAX_BYTES, type Manifest, manifestSchema } from './manifestSchema.js'

/** Parses and validates manifest bytes or text (size-capped, strict: unknown keys fail). */
export function parseManifest(input: Uint8Array | string): Manifest {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input
  if (bytes.length > MANIFEST_MAX_BYTES) {
    throw new ManifestError('Manifest is too large.', {
      code: 'MANIFEST_TOO_LARGE',
      details: `${bytes.length} bytes, at most ${MANIFEST_MAX_BYTES}`,
    })
  }
  const json = parseJsonOrThrow(
    bytes,
    (cause) =>
      new ManifestError('Manifest is not valid UTF-8 JSON.', { code: 'MANIFEST_INVALID_JSON', cause }),
  )
  return validateManifest(json)
}

/** Validates an already-parsed manifest object; error details name the failing paths, never their values. */
export function validateManifest(value: unknown): Manifest {
  return parseOrThrow(
    manifestSchema,
    value,
    (details) =>
      new ManifestError('Manifest does not match the schema.', { code: 'MANIFEST_INVALID', details }),
  )
}

/** Serialises a manifest as RFC 8785 canonical JSON bytes (what gets uploaded, so its root is reproducible). */
export function serializeManifest(manifest: Manifest): Uint8Array {
  const valid = validateManifest(manifest)
  const bytes = new TextEncoder().encode(canonicalize(valid) as string)
  if (bytes.length > MANIFEST_MAX_BYTES) {
    throw new ManifestError('Manifest is too large.', {
      code: 'MANIFEST_TOO_LARGE',
      details: `${bytes.length} bytes, at most ${MANIFEST_MAX_BYTES}`,
    })
  }
  return bytes
}
