import { SAFETENSORS_DTYPE_BYTES, type SafetensorsDtype } from './dtypes.js'
import { SafetensorsError } from './SafetensorsError.js'

/** One tensor of a parsed safetensors file; `bytes` is a view into the input (little-endian, row-major). */
export type SafetensorsTensor = { dtype: SafetensorsDtype; shape: number[]; bytes: Uint8Array }

/** A parsed safetensors file. */
export type Safetensors = {
  tensors: Record<string, SafetensorsTensor>
  metadata: Record<string, string>
}

/** Options of `readSafetensors`. */
export type ReadSafetensorsOptions = {
  /** Largest JSON header accepted, in bytes (default 16 MiB). */
  maxHeaderBytes?: number
}

const DEFAULT_MAX_HEADER_BYTES = 16 << 20

/**
 * Parses and validates safetensors bytes: header size and JSON, known dtypes, shapes matching byte lengths, and
 * data offsets that tile the data section exactly (no gap, no overlap, no trailing bytes).
 */
export function readSafetensors(bytes: Uint8Array, options: ReadSafetensorsOptions = {}): Safetensors {
  const maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES
  if (bytes.length < 8) throw new SafetensorsError('shorter than the 8-byte header length')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const headerLength = view.getBigUint64(0, true)
  if (headerLength > BigInt(maxHeaderBytes))
    throw new SafetensorsError(`header longer than ${maxHeaderBytes} bytes`)
  const headerEnd = 8 + Number(headerLength)
  if (headerEnd > bytes.length) throw new SafetensorsError('header runs past the end of the data')

  let header: unknown
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, headerEnd)))
  } catch (cause) {
    throw new SafetensorsError('header is not UTF-8 JSON', cause)
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new SafetensorsError('header is not a JSON object')
  }

  const data = bytes.subarray(headerEnd)
  const tensors: Record<string, SafetensorsTensor> = {}
  let metadata: Record<string, string> = {}
  const spans: Array<[number, number, string]> = []
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = parseMetadata(entry)
      continue
    }
    const { dtype, shape, begin, end } = parseEntry(name, entry)
    const elements = shape.reduce((product, dim) => product * dim, 1)
    if (!Number.isSafeInteger(elements) || elements * SAFETENSORS_DTYPE_BYTES[dtype] !== end - begin) {
      throw new SafetensorsError(
        `tensor ${name}: shape [${shape.join(',')}] of ${dtype} does not span ${end - begin} bytes`,
      )
    }
    if (end > data.length) throw new SafetensorsError(`tensor ${name}: offsets run past the end of the data`)
    spans.push([begin, end, name])
    tensors[name] = { dtype, shape, bytes: data.subarray(begin, end) }
  }
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  let covered = 0
  for (const [begin, end, name] of spans) {
    if (begin !== covered) throw new SafetensorsError(`tensor ${name}: data offsets leave a gap or overlap`)
    covered = end
  }
  if (covered !== data.length) throw new SafetensorsError('bytes follow the last tensor')
  return { tensors, metadata }
}

/** Copies an F32 tensor's little-endian bytes into a Float32Array. */
export function tensorToFloat32(name: string, tensor: SafetensorsTensor): Float32Array {
  if (tensor.dtype !== 'F32')
    throw new SafetensorsError(`tensor ${name}: expected F32, found ${tensor.dtype}`)
  const out = new Float32Array(tensor.bytes.length / 4)
  const view = new DataView(tensor.bytes.buffer, tensor.bytes.byteOffset, tensor.bytes.byteLength)
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true)
  return out
}

function parseMetadata(entry: unknown): Record<string, string> {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new SafetensorsError('__metadata__ is not an object')
  }
  for (const [key, value] of Object.entries(entry)) {
    if (typeof value !== 'string') throw new SafetensorsError(`__metadata__.${key} is not a string`)
  }
  return { ...(entry as Record<string, string>) }
}

function parseEntry(name: string, entry: unknown) {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new SafetensorsError(`tensor ${name}: entry is not an object`)
  }
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>
  if (typeof dtype !== 'string' || !Object.hasOwn(SAFETENSORS_DTYPE_BYTES, dtype)) {
    throw new SafetensorsError(`tensor ${name}: unknown dtype`)
  }
  if (!Array.isArray(shape) || !shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0)) {
    throw new SafetensorsError(`tensor ${name}: shape is not a list of non-negative integers`)
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((offset) => Number.isSafeInteger(offset) && offset >= 0) ||
    offsets[0] > offsets[1]
  ) {
    throw new SafetensorsError(`tensor ${name}: data_offsets is not [begin, end]`)
  }
  return {
    dtype: dtype as SafetensorsDtype,
    shape: shape as number[],
    begin: offsets[0] as number,
    end: offsets[1] as number,
  }
}
