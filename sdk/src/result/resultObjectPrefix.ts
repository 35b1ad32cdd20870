import {
  RESULT_OBJECT_MAGIC,
  RESULT_OBJECT_MAX_ENVELOPE_SIZE,
  RESULT_OBJECT_PREFIX_SIZE,
  RESULT_OBJECT_VERSION,
} from './constants.js'
import { ResultError } from './ResultError.js'

/** Encodes the bytes before the LCN1 stream: `"LCNR" ‖ version ‖ u16be envelopeLength ‖ envelope`. */
export function encodeResultObjectPrefix(envelope: Uint8Array): Uint8Array<ArrayBuffer> {
  if (envelope.length === 0 || envelope.length > RESULT_OBJECT_MAX_ENVELOPE_SIZE) {
    throw new ResultError('Result key envelope has an impossible size.', {
      code: 'RESULT_INVALID_ARGUMENT',
      details: `${envelope.length} bytes`,
    })
  }
  const out = new Uint8Array(RESULT_OBJECT_PREFIX_SIZE + envelope.length)
  out.set(new TextEncoder().encode(RESULT_OBJECT_MAGIC), 0)
  out[4] = RESULT_OBJECT_VERSION
  new DataView(out.buffer).setUint16(5, envelope.length)
  out.set(envelope, RESULT_OBJECT_PREFIX_SIZE)
  return out
}

/** Checks the 7-byte fixed prefix and returns the envelope length it announces. */
export function parseResultObjectPrefix(prefix: Uint8Array): number {
  if (prefix.length !== RESULT_OBJECT_PREFIX_SIZE) {
    throw new ResultError('Result object ends inside its prefix.', { code: 'RESULT_OBJECT_TRUNCATED' })
  }
  if (new TextDecoder().decode(prefix.subarray(0, 4)) !== RESULT_OBJECT_MAGIC) {
    throw new ResultError('Not a result object (bad magic).', { code: 'RESULT_OBJECT_INVALID' })
  }
  if (prefix[4] !== RESULT_OBJECT_VERSION) {
    throw new ResultError('Unsupported result object version.', {
      code: 'RESULT_OBJECT_INVALID',
      details: `version ${prefix[4]}`,
    })
  }
  const length = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength).getUint16(5)
  if (length === 0 || length > RESULT_OBJECT_MAX_ENVELOPE_SIZE) {
    throw new ResultError('Result object envelope length is out of range.', {
      code: 'RESULT_OBJECT_INVALID',
      details: `${length} bytes`,
    })
  }
  return length
}
