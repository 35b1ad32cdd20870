import { emitSwigluBackward, emitSwigluForward } from './activationKernels.js'
import { emitGemm } from './gemmKernel.js'
import {
  emitAccumulate,
  emitCopyBytes,
  emitGatherRows,
  emitScale,
  emitScatterAddRows,
  emitTranspose,
  emitZeroBytes,
} from './memoryKernels.js'
import { emitRmsNormBackward, emitRmsNormForward } from './normKernels.js'
import { emitRotary } from './rotaryKernel.js'
import { emitCrossEntropy, emitSoftmaxBackward, emitSoftmaxCausal } from './softmaxKernels.js'
import { encodeModule, type FunctionBuilder } from './wasmBinary.js'

/** 64 KiB, the WebAssembly page size. */
export const WASM_PAGE_BYTES = 65_536

type I = number
/** The compiled compute kernels (byte addresses into `memory`; see each emitter for the exact contract). */
export type Kernels = {
  memory: WebAssembly.Memory
  gemm(m: I, n: I, k: I, a: I, aRowStride: I, aColStride: I, b: I, ldb: I, c: I, ldc: I, accumulate: I): void
  copyBytes(to: I, from: I, bytes: I): void
  zeroBytes(to: I, bytes: I): void
  accumulate(to: I, from: I, count: I): void
  gatherRows(to: I, from: I, indices: I, count: I, width: I): void
  scatterAddRows(to: I, from: I, indices: I, count: I, width: I): void
  transpose(to: I, from: I, rows: I, columns: I, stride: I): void
  scale(pointer: I, count: I, factor: number): void
  rmsNormForward(x: I, weight: I, out: I, inverse: I, rows: I, width: I, eps: number): void
  rmsNormBackward(x: I, weight: I, inverse: I, dy: I, dx: I, rows: I, width: I, accumulate: I): void
  rotary(x: I, rows: I, width: I, headDim: I, positions: I, cos: I, sin: I, sign: number): void
  swigluForward(gate: I, up: I, out: I, count: I): void
  swigluBackward(gate: I, up: I, dOut: I, dGate: I, dUp: I, count: I): void
  softmaxCausal(scores: I, rows: I, keys: I, positions: I, scale: number): void
  softmaxBackward(probabilities: I, gradient: I, rows: I, keys: I, scale: number): void
  crossEntropy(logits: I, rows: I, vocab: I, targets: I, scale: number, stats: I): void
}

type KernelName = Exclude<keyof Kernels, 'memory'>

const EMITTERS: Record<KernelName, () => FunctionBuilder> = {
  gemm: emitGemm,
  copyBytes: emitCopyBytes,
  zeroBytes: emitZeroBytes,
  accumulate: emitAccumulate,
  gatherRows: emitGatherRows,
  scatterAddRows: emitScatterAddRows,
  transpose: emitTranspose,
  scale: emitScale,
  rmsNormForward: emitRmsNormForward,
  rmsNormBackward: emitRmsNormBackward,
  rotary: emitRotary,
  swigluForward: emitSwigluForward,
  swigluBackward: emitSwigluBackward,
  softmaxCausal: emitSoftmaxCausal,
  softmaxBackward: emitSoftmaxBackward,
  crossEntropy: emitCrossEntropy,
}

let compiled: WebAssembly.Module | undefined

/** The kernel module's bytes: generated from TypeScript, identical on every run. */
export function kernelModuleBytes(): Uint8Array {
  // The import declares the loosest limits a shared memory may have; the real memory's own limits apply.
  return encodeModule(
    Object.entries(EMITTERS).map(([name, emit]) => ({ name, builder: emit() })),
    { minimumPages: 1, maximumPages: 65_536, shared: true },
  )
}

/** Creates a shared memory of at least `bytes` (it never grows) for the kernels of every training thread. */
export function createKernelMemory(bytes: number): WebAssembly.Memory {
  const pages = Math.ceil(bytes / WASM_PAGE_BYTES)
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true })
}

/** Instantiates the kernels on a memory made by `createKernelMemory` (the module compiles once per thread). */
export function instantiateKernels(memory: WebAssembly.Memory): Kernels {
  compiled ??= new WebAssembly.Module(kernelModuleBytes() as Uint8Array<ArrayBuffer>)
  const { exports } = new WebAssembly.Instance(compiled, { env: { memory } })
  return { memory, ...(exports as unknown as Omit<Kernels, 'memory'>) }
}
