import { keccak_256 } from '@noble/hashes/sha3'
import { CHUNK_SIZE, SEGMENT_CHUNKS, SEGMENT_SIZE } from './constants.js'
import { keccakWasmBase64 } from './generated/keccakWasm.js'
import { KECCAK_WASM_INPUT_BASE } from './wasm/keccakWat.js'

/** Hashes 0G chunks, node pairs and whole segments; `stage` is where callers put segment data to hash. */
export type KeccakEngine = {
  /** Which implementation runs: the SIMD WebAssembly module or the pure-JS fallback. */
  readonly kind: 'wasm' | 'js'
  /** Staging area, a whole number of segments long; valid for the engine's lifetime. */
  readonly stage: Uint8Array
  /** Roots of the first `count` segments in `stage` (32 bytes each, a fresh array). */
  segmentRoots(count: number): Uint8Array
  /** Keccak-256 of each 256-byte chunk in `stage[0, chunks * 256)` (32 bytes each, a fresh array). */
  stagedLeafHashes(chunks: number): Uint8Array
  /** keccak256(left ‖ right) of two 32-byte nodes. */
  hashPair(left: Uint8Array, right: Uint8Array): Uint8Array
}

type KeccakExports = {
  memory: WebAssembly.Memory
  hashLeaves(input: number, count: number, output: number): void
  hashPairs(input: number, count: number, output: number): void
  segmentRoots(input: number, count: number, output: number): void
}

let compiled: Promise<WebAssembly.Module | undefined> | undefined

function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** Compiles the batch Keccak WebAssembly module once; resolves undefined where WebAssembly SIMD is unavailable. */
export function keccakWasmModule(): Promise<WebAssembly.Module | undefined> {
  compiled ??= (async () => {
    if (typeof WebAssembly === 'undefined') return undefined
    const bytes = decodeBase64(keccakWasmBase64)
    if (!WebAssembly.validate(bytes)) return undefined
    return WebAssembly.compile(bytes)
  })()
  return compiled
}

/** Parameters of {@link createKeccakEngine}. */
export type CreateKeccakEngineParameters = {
  /** Segments the staging area holds (default 16 = 4 MiB). */
  stageSegments?: number
  /** Force an implementation (tests, benchmarks); default: WebAssembly when available, else JS. */
  kind?: 'wasm' | 'js'
}

/** Creates a Keccak engine: the SIMD WebAssembly module where the runtime supports it, else pure JS. */
export async function createKeccakEngine(
  parameters: CreateKeccakEngineParameters = {},
): Promise<KeccakEngine> {
  const stageSegments = parameters.stageSegments ?? 16
  if (!Number.isSafeInteger(stageSegments) || stageSegments < 1)
    throw new RangeError('stageSegments must be ≥ 1')
  const module = parameters.kind === 'js' ? undefined : await keccakWasmModule()
  if (module) return wasmEngine(await WebAssembly.instantiate(module), stageSegments)
  if (parameters.kind === 'wasm') throw new Error('WebAssembly SIMD is not available in this runtime')
  return jsEngine(stageSegments)
}

function wasmEngine(instance: WebAssembly.Instance, stageSegments: number): KeccakEngine {
  const exports = instance.exports as unknown as KeccakExports
  const stageBytes = stageSegments * SEGMENT_SIZE
  const output = KECCAK_WASM_INPUT_BASE + stageBytes
  const pair = output + (stageBytes / CHUNK_SIZE) * 32
  const needed = pair + 64
  const pages = Math.ceil(needed / 65_536) - exports.memory.buffer.byteLength / 65_536
  if (pages > 0) exports.memory.grow(pages)
  // The memory never grows again, so these views stay attached.
  const memory = new Uint8Array(exports.memory.buffer)
  const stage = memory.subarray(KECCAK_WASM_INPUT_BASE, KECCAK_WASM_INPUT_BASE + stageBytes)
  return {
    kind: 'wasm',
    stage,
    segmentRoots(count) {
      checkCount(count, stageSegments)
      exports.segmentRoots(KECCAK_WASM_INPUT_BASE, count, output)
      return memory.slice(output, output + count * 32)
    },
    stagedLeafHashes(chunks) {
      checkCount(chunks, stageSegments * SEGMENT_CHUNKS)
      exports.hashLeaves(KECCAK_WASM_INPUT_BASE, chunks, output)
      return memory.slice(output, output + chunks * 32)
    },
    hashPair(left, right) {
      memory.set(left, pair)
      memory.set(right, pair + 32)
      exports.hashPairs(pair, 1, pair)
      return memory.slice(pair, pair + 32)
    },
  }
}

function jsEngine(stageSegments: number): KeccakEngine {
  const stage = new Uint8Array(stageSegments * SEGMENT_SIZE)
  const leafHashes = (chunks: number) => {
    const out = new Uint8Array(chunks * 32)
    for (let i = 0; i < chunks; i++)
      out.set(keccak_256(stage.subarray(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE)), i * 32)
    return out
  }
  return {
    kind: 'js',
    stage,
    segmentRoots(count) {
      checkCount(count, stageSegments)
      const out = new Uint8Array(count * 32)
      for (let s = 0; s < count; s++) {
        let level = new Uint8Array(SEGMENT_CHUNKS * 32)
        for (let i = 0; i < SEGMENT_CHUNKS; i++) {
          const offset = (s * SEGMENT_CHUNKS + i) * CHUNK_SIZE
          level.set(keccak_256(stage.subarray(offset, offset + CHUNK_SIZE)), i * 32)
        }
        while (level.length > 32) {
          const next = new Uint8Array(level.length / 2)
          for (let i = 0; i < next.length / 32; i++)
            next.set(keccak_256(level.subarray(i * 64, i * 64 + 64)), i * 32)
          level = next
        }
        out.set(level, s * 32)
      }
      return out
    },
    stagedLeafHashes(chunks) {
      checkCount(chunks, stageSegments * SEGMENT_CHUNKS)
      return leafHashes(chunks)
    },
    hashPair(left, right) {
      const buffer = new Uint8Array(64)
      buffer.set(left)
      buffer.set(right, 32)
      return keccak_256(buffer)
    },
  }
}

function checkCount(count: number, max: number): void {
  if (!Number.isInteger(count) || count < 0 || count > max)
    throw new RangeError(`count must be in [0, ${max}]`)
}
