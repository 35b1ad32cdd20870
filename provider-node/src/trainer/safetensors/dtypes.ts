/** Bytes per element of every safetensors dtype this package reads. */
export const SAFETENSORS_DTYPE_BYTES = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
} as const

/** A safetensors element type. */
export type SafetensorsDtype = keyof typeof SAFETENSORS_DTYPE_BYTES
