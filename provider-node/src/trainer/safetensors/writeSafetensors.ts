import { SafetensorsError } from './SafetensorsError.js'

/** A float32 tensor in row-major order. */
export type Float32Tensor = { shape: readonly number[]; data: Float32Array }

/**
 * Serialises float32 tensors as safetensors bytes. Deterministic: tensors are laid out in sorted name order,
 * `__metadata__` comes first and the header is padded with spaces to a multiple of 8 bytes.
 */
export function writeSafetensors(
  tensors: Readonly<Record<string, Float32Tensor>>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const names = Object.keys(tensors).sort()
  const header: Record<string, unknown> = {}
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata
  let offset = 0
  for (const name of names) {
    if (name === '__metadata__' || name.length === 0)
      throw new SafetensorsError(`reserved or empty tensor name`)
    const { shape, data } = tensors[name]!
    const elements = shape.reduce((product, dim) => product * dim, 1)
    if (!shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0) || elements !== data.length) {
      throw new SafetensorsError(
        `tensor ${name}: shape [${shape.join(',')}] does not hold ${data.length} elements`,
      )
    }
    header[name] = { dtype: 'F32', shape: [...shape], data_offsets: [offset, offset + data.byteLength] }
    offset += data.byteLength
  }
  const json = JSON.stringify(header)
  const jsonBytes = new TextEncoder().encode(json)
  const headerLength = Math.ceil(jsonBytes.length / 8) * 8
  const out = new Uint8Array(8 + headerLength + offset)
  const view = new DataView(out.buffer)
  view.setBigUint64(0, BigInt(headerLength), true)
  out.set(jsonBytes, 8)
  out.fill(0x20, 8 + jsonBytes.length, 8 + headerLength)
  let position = 8 + headerLength
  for (const name of names) {
    const { data } = tensors[name]!
    for (let i = 0; i < data.length; i++) view.setFloat32(position + i * 4, data[i]!, true)
    position += data.byteLength
  }
  return out
}
