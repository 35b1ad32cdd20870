import type { Hex } from 'viem'
import { SEGMENT_SIZE } from '../../zgRoot/constants.js'
import { StorageError } from '../StorageError.js'
import { type ZerogNodeEntry, zerogNodeHolds } from './zerogNetwork.js'
import { zerogRpc } from './zerogRpc.js'
import { type ZgSegmentProof, zgCheckSegmentProof, zgSegmentLayout, zgSegmentRoot } from './zgSegmentProof.js'

/** Parameters of {@link zerogDownloadSegments}. */
export type ZerogDownloadSegmentsParameters = {
  root: Hex
  /** The file's size and flow placement, from a node's `zgs_getFileInfo`. */
  size: number
  txSeq: number
  startEntryIndex: number
  /** Nodes that hold the file, in order of preference. */
  nodes: readonly ZerogNodeEntry[]
  /** Segments fetched ahead (default 4): memory stays near this many segments. */
  concurrency?: number
  /** Deadline of each request (default 60 s). */
  requestTimeoutMs?: number
  signal?: AbortSignal | undefined
}

type Downloaded = { root?: unknown; data?: unknown; index?: unknown; proof?: unknown; fileSize?: unknown }

/**
 * Streams a file's bytes segment by segment with `zgs_downloadSegmentWithProofByTxSeq`, checking each segment's
 * length, proof and root before it is passed on, and moving to another node when one fails or lies. A few segments
 * are fetched ahead, so memory stays bounded. The whole-file root is left to the caller (createVerifiedStream).
 */
export function zerogDownloadSegments(
  parameters: ZerogDownloadSegmentsParameters,
): ReadableStream<Uint8Array> {
  const { root, size, nodes, signal } = parameters
  const layout = zgSegmentLayout(size)
  const concurrency = Math.max(1, parameters.concurrency ?? 4)
  const distrusted = new Set<ZerogNodeEntry>()
  const inFlight = new Map<number, Promise<Uint8Array>>()
  let next = 0
  let wanted = 0

  const fetchSegment = async (index: number): Promise<Uint8Array> => {
    const holders = nodes.filter((node) => zerogNodeHolds(node.config, parameters.startEntryIndex, index))
    // Trusted nodes first, rotated by index to spread the load; distrusted ones only as a last resort.
    const good = holders.filter((node) => !distrusted.has(node))
    const shift = good.length > 0 ? index % good.length : 0
    const ordered = [
      ...good.slice(shift),
      ...good.slice(0, shift),
      ...holders.filter((node) => distrusted.has(node)),
    ]
    const problems: string[] = []
    for (const node of ordered) {
      signal?.throwIfAborted()
      try {
        const answer = await zerogRpc<Downloaded | null>(
          node.url,
          'zgs_downloadSegmentWithProofByTxSeq',
          [parameters.txSeq, index],
          { timeoutMs: parameters.requestTimeoutMs ?? 60_000, signal, maxBytes: 2 * 1024 * 1024 },
        )
        const problem = answer === null ? 'segment missing' : await check(answer, index)
        if (!problem) {
          const data = fromBase64(answer!.data as string)
          return data.subarray(0, Math.min(data.length, size - index * SEGMENT_SIZE))
        }
        problems.push(problem)
      } catch (error) {
        if (signal?.aborted) throw error
        problems.push(error instanceof StorageError ? error.code : 'failed')
      }
      distrusted.add(node)
    }
    const lied = problems.some((p) => !p.startsWith('STORAGE_') && p !== 'segment missing' && p !== 'failed')
    throw new StorageError(
      lied ? 'No 0G node served a segment that matches the root.' : 'No 0G node served a segment.',
      {
        code: lied ? 'STORAGE_ROOT_MISMATCH' : 'STORAGE_UNAVAILABLE',
        details: `segment ${index}: ${problems.join(', ') || 'no node holds it'}`,
      },
    )
  }

  const check = async (answer: Downloaded, index: number): Promise<string | undefined> => {
    if (typeof answer.data !== 'string' || answer.index !== index || answer.fileSize !== size)
      return 'malformed segment'
    if (typeof answer.root !== 'string' || answer.root.toLowerCase() !== root.toLowerCase())
      return 'wrong root'
    const data = fromBase64(answer.data)
    if (data.length !== layout.wireBytes(index)) return 'invalid data length'
    const segmentRoot = await zgSegmentRoot(data, layout.proofBytes(index))
    return zgCheckSegmentProof({ root, segmentRoot, index, size, proof: answer.proof as ZgSegmentProof })
  }

  const fill = () => {
    while (next < layout.segments && inFlight.size < concurrency) {
      const index = next++
      const promise = fetchSegment(index)
      promise.catch(() => {})
      inFlight.set(index, promise)
    }
  }

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (wanted >= layout.segments) return controller.close()
        fill()
        try {
          const bytes = await inFlight.get(wanted)!
          inFlight.delete(wanted++)
          fill()
          controller.enqueue(bytes)
        } catch (error) {
          controller.error(
            signal?.aborted
              ? new StorageError('The download was aborted.', {
                  code: 'STORAGE_ABORTED',
                  cause: signal.reason,
                })
              : error,
          )
        }
      },
      cancel() {
        next = layout.segments
        inFlight.clear()
      },
    },
    { highWaterMark: 0 },
  )
}

function fromBase64(text: string): Uint8Array {
  const buffer = (globalThis as { Buffer?: { from(t: string, e: string): Uint8Array } }).Buffer
  if (buffer) return new Uint8Array(buffer.from(text, 'base64'))
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
