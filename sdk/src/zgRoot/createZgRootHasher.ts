import type { Hex } from 'viem'
import { bytesToHex } from 'viem'
import { cpuCount } from '#platform'
import { CHUNK_SIZE, SEGMENT_CHUNKS, SEGMENT_HEIGHT, SEGMENT_SIZE } from './constants.js'
import { createKeccakEngine, type KeccakEngine, keccakWasmModule } from './keccakEngine.js'
import { MerkleAccumulator } from './merkleAccumulator.js'
import { paddedChunkCount } from './paddedChunkCount.js'
import { createRootWorkerPool, type RootJobResult } from './rootWorkerPool.js'
import { ZgRootError } from './ZgRootError.js'

/** A 0G Storage root and the byte size it covers. */
export type ZgRootResult = { root: Hex; size: number }

/** One node of a 0G Flow submission: the root of 2^height padded chunks. */
export type ZgSubmissionNode = { root: Hex; height: number }

/** A root, its size and the Flow submission nodes (largest first) that `submit` takes. */
export type ZgRootDigest = ZgRootResult & {
  nodes: ZgSubmissionNode[]
  /** Roots of all padded segments, in order (only with `collectSegmentRoots`). */
  segmentRoots?: Hex[]
}

/** Incremental 0G root computation: feed bytes in order, then read the root. */
export type ZgRootHasher = {
  /** Implementation in use: `wasm` or `js`, and how many workers hash segments in parallel (0 = this thread, also when workers could not start). */
  readonly info: { kind: 'wasm' | 'js'; workers: number }
  /** Adds bytes; resolves when they are accepted (waits while the workers are saturated). The caller may reuse `bytes` afterwards. */
  update(bytes: Uint8Array): Promise<void>
  /** Finishes and returns the root and submission nodes; releases the workers. Fails with ZG_ROOT_EMPTY_INPUT for zero bytes. */
  digest(): Promise<ZgRootDigest>
  /** Releases the workers without a result (idempotent). */
  destroy(): void
}

/** Parameters of {@link createZgRootHasher}. */
export type CreateZgRootHasherParameters = {
  /** Workers hashing segments in parallel; 0 hashes on the calling thread; `auto` = one per core. Default: 0. */
  workers?: number | 'auto'
  /** Segments per worker job or per staged batch (default 16 = 4 MiB). */
  batchSegments?: number
  /** Force the keccak implementation (tests, benchmarks). */
  kind?: 'wasm' | 'js'
  /** Aborts the computation: pending and later calls fail with ZG_ROOT_ABORTED. */
  signal?: AbortSignal
  /** Also return every (padded) segment's root, which the 0G segment upload needs for its proofs. */
  collectSegmentRoots?: boolean
}

/** Number of workers worth using here: the logical cores, capped at 8 (at least 1). */
export async function defaultRootWorkers(): Promise<number> {
  return Math.max(1, Math.min(8, cpuCount()))
}

/**
 * Creates a streaming hasher for the 0G Storage Merkle root (keccak256, 256-byte chunks, 1024-chunk segments,
 * flow padding), equal to `new MemData(bytes).merkleTree()` of the 0G SDK. With `workers > 0`, full segments are
 * hashed by a pool of workers while the caller keeps feeding bytes; the tail and the top of the tree are done here.
 */
export async function createZgRootHasher(
  parameters: CreateZgRootHasherParameters = {},
): Promise<ZgRootHasher> {
  const { signal } = parameters
  const batchSegments = parameters.batchSegments ?? 16
  const batchBytes = batchSegments * SEGMENT_SIZE
  const workers = parameters.workers === 'auto' ? await defaultRootWorkers() : (parameters.workers ?? 0)
  if (!Number.isSafeInteger(workers) || workers < 0) throw new RangeError('workers must be ≥ 0')
  const engine = await createKeccakEngine({ stageSegments: batchSegments, kind: parameters.kind })
  const module = engine.kind === 'wasm' && workers > 0 ? await keccakWasmModule() : undefined
  // Workers are an optimisation: where they cannot start (e.g. a CSP without blob: workers), hash on this thread.
  const pool = module ? await createRootWorkerPool(workers, module).catch(() => undefined) : undefined
  const acc = new MerkleAccumulator(engine.hashPair)
  const inFlight: Promise<RootJobResult>[] = []
  const freeBuffers: ArrayBuffer[] = []
  const maxInFlight = pool ? pool.size * 2 : 0

  let stage: Uint8Array = pool ? new Uint8Array(batchBytes) : engine.stage
  let staged = 0
  let size = 0
  let state: 'open' | 'finished' | 'failed' = 'open'

  const segmentRoots: Uint8Array[] | undefined = parameters.collectSegmentRoots ? [] : undefined
  const appendRoots = (roots: Uint8Array) => {
    for (let offset = 0; offset < roots.length; offset += 32) {
      const root = roots.slice(offset, offset + 32)
      acc.append(root, SEGMENT_HEIGHT)
      segmentRoots?.push(root)
    }
  }
  const destroy = () => {
    if (state === 'open') state = 'failed'
    pool?.terminate()
  }
  const checkOpen = () => {
    if (signal?.aborted) {
      destroy()
      throw new ZgRootError('The 0G root computation was aborted.', {
        code: 'ZG_ROOT_ABORTED',
        cause: signal.reason,
      })
    }
    if (state !== 'open')
      throw new ZgRootError('The 0G root hasher is already finished.', { code: 'ZG_ROOT_FINISHED' })
  }
  const collectOldest = async () => {
    const result = await inFlight.shift()!
    appendRoots(result.roots)
    freeBuffers.push(result.buffer)
  }
  const flushBatch = async () => {
    if (!pool) {
      appendRoots(engine.segmentRoots(batchSegments))
    } else {
      const buffer = stage.buffer as ArrayBuffer
      inFlight.push(pool.run(buffer, batchBytes))
      stage = new Uint8Array(freeBuffers.pop() ?? new ArrayBuffer(batchBytes))
      while (inFlight.length >= maxInFlight) await collectOldest()
    }
    staged = 0
  }

  return {
    info: { kind: engine.kind, workers: pool?.size ?? 0 },
    async update(bytes) {
      checkOpen()
      try {
        let offset = 0
        while (offset < bytes.length) {
          const take = Math.min(batchBytes - staged, bytes.length - offset)
          stage.set(bytes.subarray(offset, offset + take), staged)
          staged += take
          offset += take
          size += take
          if (staged === batchBytes) await flushBatch()
        }
      } catch (error) {
        destroy()
        throw error
      }
    },
    async digest() {
      checkOpen()
      try {
        while (inFlight.length > 0) await collectOldest()
        if (size === 0)
          throw new ZgRootError('The 0G root of zero bytes is undefined.', { code: 'ZG_ROOT_EMPTY_INPUT' })
        if (pool && staged > 0) engine.stage.set(stage.subarray(0, staged))
        finishTail(engine, acc, staged, size, segmentRoots)
        const root = acc.root()!
        state = 'finished'
        const nodes = acc.peaks().map((peak) => ({ root: bytesToHex(peak.hash), height: peak.height }))
        return {
          root: bytesToHex(root),
          size,
          nodes,
          ...(segmentRoots ? { segmentRoots: segmentRoots.map((r) => bytesToHex(r)) } : {}),
        }
      } catch (error) {
        destroy()
        throw error
      } finally {
        pool?.terminate()
      }
    },
    destroy,
  }
}

/**
 * Hashes the last `staged` bytes (in `engine.stage`) and appends the flow padding of a `size`-byte file. With
 * `segmentRoots`, also pushes the roots of the remaining segments (the partial one and the padding ones).
 */
function finishTail(
  engine: KeccakEngine,
  acc: MerkleAccumulator,
  staged: number,
  size: number,
  segmentRoots?: Uint8Array[],
): void {
  const zero = zeroSubtrees(engine)
  const fullSegments = Math.floor(staged / SEGMENT_SIZE)
  if (fullSegments > 0) {
    const roots = engine.segmentRoots(fullSegments)
    for (let offset = 0; offset < roots.length; offset += 32) {
      const root = roots.slice(offset, offset + 32)
      acc.append(root, SEGMENT_HEIGHT)
      segmentRoots?.push(root)
    }
  }
  const rest = staged - fullSegments * SEGMENT_SIZE
  const leaves: Uint8Array[] = []
  if (rest > 0) {
    const stage = engine.stage
    stage.copyWithin(0, fullSegments * SEGMENT_SIZE, staged)
    const chunks = Math.ceil(rest / CHUNK_SIZE)
    stage.fill(0, rest, chunks * CHUNK_SIZE)
    const hashes = engine.stagedLeafHashes(chunks)
    for (let offset = 0; offset < hashes.length; offset += 32) leaves.push(hashes.slice(offset, offset + 32))
    for (const leaf of leaves) acc.append(leaf, 0)
  }
  const chunks = Math.ceil(size / CHUNK_SIZE)
  const padded = paddedChunkCount(chunks)
  appendZeros(acc, padded - chunks, zero)
  if (!segmentRoots) return
  // The tail's leaves start the first segment not yet pushed; later segments are all padding.
  for (let first = segmentRoots.length * SEGMENT_CHUNKS; first < padded; first += SEGMENT_CHUNKS) {
    const count = Math.min(SEGMENT_CHUNKS, padded - first)
    const segment = new MerkleAccumulator(engine.hashPair)
    const data = Math.min(count, leaves.length)
    for (let i = 0; i < data; i++) segment.append(leaves[i]!, 0)
    leaves.splice(0, data)
    appendZeros(segment, count - data, zero)
    segmentRoots.push(segment.root()!)
  }
}

/** Roots of perfect all-zero-chunk subtrees by height, computed on demand. */
function zeroSubtrees(engine: KeccakEngine): (height: number) => Uint8Array {
  const table: Uint8Array[] = []
  return (height) => {
    if (table.length === 0) {
      engine.stage.fill(0, 0, CHUNK_SIZE)
      table.push(engine.stagedLeafHashes(1))
    }
    while (table.length <= height) table.push(engine.hashPair(table.at(-1)!, table.at(-1)!))
    return table[height]!
  }
}

/** Appends `count` zero chunks as the largest aligned all-zero subtrees that fit. */
function appendZeros(acc: MerkleAccumulator, count: number, zero: (height: number) => Uint8Array): void {
  let position = acc.leafCount
  let remaining = count
  while (remaining > 0) {
    let height = 0
    while (position % 2 ** (height + 1) === 0 && 2 ** (height + 1) <= remaining) height++
    acc.append(zero(height), height)
    position += 2 ** height
    remaining -= 2 ** height
  }
}
