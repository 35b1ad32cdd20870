import type { Hex } from 'viem'
import { SEGMENT_SIZE } from '../../zgRoot/constants.js'
import { StorageError } from '../StorageError.js'
import { type ZerogNodeEntry, zerogFileInfoByTxSeq, zerogNodeHolds } from './zerogNetwork.js'
import { ZerogRpcError, zerogRpc } from './zerogRpc.js'
import { zgSegmentLayout, zgSegmentProofTree } from './zgSegmentProof.js'

/** Parameters of {@link zerogUploadSegments}. */
export type ZerogUploadSegmentsParameters = {
  blob: Blob
  root: Hex
  /** Every padded segment root (from `collectSegmentRoots`), for the proofs. */
  segmentRoots: readonly Hex[]
  /** Sequence number of our own Flow submission (from its receipt's `Submit` log). */
  txSeq: number
  /** First flow entry of the submission (the node's `startEntryIndex`), for shard placement. */
  startEntryIndex: number
  nodes: readonly ZerogNodeEntry[]
  /** Requests in flight per node (default 4). */
  concurrency?: number
  /** Segments per `zgs_uploadSegmentsByTxSeq` request (default 8, i.e. 2 MiB). */
  segmentsPerRequest?: number
  /** Tries of one request on back-pressure or transport failures (default 8). */
  attempts?: number
  /** First backoff in milliseconds, doubled per try up to 8 s (default 250). */
  backoffMs?: number
  /** Deadline of the finality wait (default 10 min). */
  finalityTimeoutMs?: number
  /** Pause between finality polls (default 1 s). */
  pollMs?: number
  /** Deadline of each request (default 60 s). */
  requestTimeoutMs?: number
  /** Bytes confirmed so far, averaged over the nodes; called after every request. */
  onProgress?: (bytes: number) => void
  signal?: AbortSignal
}

const retryable = (error: unknown) =>
  (error instanceof ZerogRpcError && /too many data writing/i.test(error.reason)) ||
  (error instanceof StorageError &&
    (error.code === 'STORAGE_UNAVAILABLE' || error.code === 'STORAGE_TIMEOUT'))

// "already uploaded and finalized" (-32602 on the root) and a segment another upload already wrote are success.
const alreadyThere = (error: unknown) =>
  error instanceof ZerogRpcError && /already uploaded|already (been )?(written|uploaded)/i.test(error.reason)

const finalizedError = (error: unknown) =>
  error instanceof ZerogRpcError && /already uploaded and finalized/i.test(error.reason)

/** Waits `ms`, or rejects with STORAGE_ABORTED when the signal fires. */
export function zerogSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () => {
      clearTimeout(timer)
      reject(
        new StorageError('The 0G transfer was aborted.', { code: 'STORAGE_ABORTED', cause: signal?.reason }),
      )
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', aborted)
      resolve()
    }, ms)
    if (signal?.aborted) aborted()
    else signal?.addEventListener('abort', aborted, { once: true })
  })
}

/**
 * Uploads a submitted file's segments to every selected node with a few requests in flight, several segments
 * each, backing off on back-pressure and transport failures, then waits (with a deadline) until each node reports
 * our transaction finalized.
 */
export async function zerogUploadSegments(parameters: ZerogUploadSegmentsParameters): Promise<void> {
  const { blob, root, txSeq, nodes, signal } = parameters
  const concurrency = Math.max(1, parameters.concurrency ?? 4)
  const perRequest = Math.max(1, parameters.segmentsPerRequest ?? 8)
  const attempts = Math.max(1, parameters.attempts ?? 8)
  const backoffMs = parameters.backoffMs ?? 250
  const requestTimeoutMs = parameters.requestTimeoutMs ?? 60_000
  const layout = zgSegmentLayout(blob.size)
  const tree = zgSegmentProofTree(parameters.segmentRoots)
  if (tree.root !== root.toLowerCase() || parameters.segmentRoots.length !== layout.proofSegments)
    throw new StorageError('The segment roots do not make the file root.', {
      code: 'STORAGE_ROOT_MISMATCH',
      details: `${tree.root} ≠ ${root}`,
    })

  const done = new Map<ZerogNodeEntry, number>(nodes.map((node) => [node, 0]))
  const totals = new Map<ZerogNodeEntry, number>()
  const progress = () => {
    let sum = 0
    for (const node of nodes) sum += done.get(node)! / Math.max(1, totals.get(node)!)
    parameters.onProgress?.(Math.floor((sum / nodes.length) * blob.size))
  }

  const segment = async (index: number) => {
    const start = index * SEGMENT_SIZE
    const wire = layout.wireBytes(index)
    const bytes = new Uint8Array(wire)
    bytes.set(new Uint8Array(await blob.slice(start, Math.min(start + wire, blob.size)).arrayBuffer()))
    return {
      root,
      data: toBase64(bytes),
      index,
      proof: tree.proof(index),
      fileSize: blob.size,
    }
  }

  const uploadTo = async (node: ZerogNodeEntry) => {
    const mine: number[] = []
    for (let index = 0; index < layout.segments; index++)
      if (zerogNodeHolds(node.config, parameters.startEntryIndex, index)) mine.push(index)
    totals.set(node, mine.length)
    const batches: number[][] = []
    for (let i = 0; i < mine.length; i += perRequest) batches.push(mine.slice(i, i + perRequest))
    let next = 0
    let finalized = false
    const worker = async () => {
      while (!finalized && next < batches.length) {
        const batch = batches[next++]!
        const segments = await Promise.all(batch.map(segment))
        for (let attempt = 1; ; attempt++) {
          signal?.throwIfAborted()
          try {
            await zerogRpc(node.url, 'zgs_uploadSegmentsByTxSeq', [segments, txSeq], {
              timeoutMs: requestTimeoutMs,
              signal,
              maxBytes: 64 * 1024,
            })
            break
          } catch (error) {
            if (finalizedError(error)) {
              finalized = true
              break
            }
            if (alreadyThere(error)) break
            if (!retryable(error) || attempt >= attempts) throw error
            await zerogSleep(Math.min(backoffMs * 2 ** (attempt - 1), 8000), signal)
          }
        }
        done.set(node, finalized ? mine.length : done.get(node)! + batch.length)
        progress()
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker))
    if (finalized) done.set(node, mine.length)
  }

  try {
    await Promise.all(nodes.map(uploadTo))
  } catch (error) {
    if (signal?.aborted)
      throw new StorageError('The 0G upload was aborted.', { code: 'STORAGE_ABORTED', cause: signal.reason })
    throw error
  }
  progress()
  await zerogWaitFinalized({
    nodes,
    txSeq,
    timeoutMs: parameters.finalityTimeoutMs ?? 600_000,
    pollMs: parameters.pollMs ?? 1000,
    signal,
  })
}

/** Polls `zgs_getFileInfoByTxSeq` on every node until each reports the transaction finalized, or the deadline. */
export async function zerogWaitFinalized(parameters: {
  nodes: readonly ZerogNodeEntry[]
  txSeq: number
  timeoutMs: number
  pollMs: number
  signal?: AbortSignal | undefined
}): Promise<void> {
  const deadline = Date.now() + parameters.timeoutMs
  const pending = new Set(parameters.nodes)
  for (;;) {
    for (const node of [...pending]) {
      const info = await zerogFileInfoByTxSeq(node.url, parameters.txSeq, {
        signal: parameters.signal,
        timeoutMs: 30_000,
      }).catch((error: unknown) => {
        if (error instanceof StorageError && error.code === 'STORAGE_ABORTED') throw error
        return null
      })
      if (info?.finalized) pending.delete(node)
    }
    if (pending.size === 0) return
    if (Date.now() + parameters.pollMs > deadline)
      throw new StorageError('0G storage nodes did not finalize the upload in time.', {
        code: 'STORAGE_TIMEOUT',
        details: `${pending.size} of ${parameters.nodes.length} nodes pending`,
      })
    await zerogSleep(parameters.pollMs, parameters.signal)
  }
}

function toBase64(bytes: Uint8Array): string {
  const buffer = (globalThis as { Buffer?: { from(b: Uint8Array): { toString(e: string): string } } }).Buffer
  if (buffer) return buffer.from(bytes).toString('base64')
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}
