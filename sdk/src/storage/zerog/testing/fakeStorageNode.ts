import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { keccak_256 } from '@noble/hashes/sha3'
import { bytesToHex, hexToBytes } from 'viem'
import { MerkleAccumulator } from '../../../zgRoot/merkleAccumulator.js'
import { paddedChunkCount } from '../../../zgRoot/paddedChunkCount.js'

type Segment = {
  root: string
  data: string
  index: number
  proof: { lemma: string[]; path: boolean[] }
  fileSize: number
}
type Entry = { size: number; segments: Map<number, Uint8Array>; finalized: boolean }

const hashPair = (left: Uint8Array, right: Uint8Array) => {
  const buffer = new Uint8Array(64)
  buffer.set(left)
  buffer.set(right, 32)
  return keccak_256(buffer)
}

/**
 * A stand-in 0G storage node speaking the JSON-RPC the SDK's StorageNode uses (file info, shard config, segment
 * upload by tx seq). It checks every uploaded segment independently: the segment's root recomputed from its bytes
 * (with flow padding) must be the proof's leaf, and the proof must fold to the file root.
 */
export async function startFakeStorageNode(): Promise<{
  url: string
  announce(root: string, size: number): void
  stored(root: string): Uint8Array | undefined
  rejected: string[]
  close(): Promise<void>
}> {
  const files = new Map<string, Entry>()
  const rejected: string[] = []
  const call = (method: string, params: unknown[]): unknown => {
    if (method === 'zgs_getShardConfig') return { shardId: 0, numShard: 1 }
    if (method === 'zgs_getFileInfo') {
      const entry = files.get(String(params[0]))
      return entry
        ? { tx: { seq: 7, startEntryIndex: 0, size: entry.size }, finalized: entry.finalized }
        : null
    }
    if (method === 'zgs_uploadSegmentsByTxSeq') {
      for (const segment of params[0] as Segment[]) {
        const entry = files.get(segment.root)
        const problem = entry ? check(segment, entry.size) : 'unknown root'
        if (problem) {
          rejected.push(problem)
          throw new Error(problem)
        }
        entry!.segments.set(segment.index, Buffer.from(segment.data, 'base64'))
        const chunks = Math.ceil(entry!.size / 256)
        if (entry!.segments.size === Math.ceil(chunks / 1024)) entry!.finalized = true
      }
      return 0
    }
    throw new Error(`method ${method} not supported`)
  }
  const server: Server = createServer(async (req, res) => {
    const parts: Buffer[] = []
    for await (const part of req) parts.push(part as Buffer)
    const request = JSON.parse(Buffer.concat(parts).toString()) as {
      id: number
      method: string
      params?: unknown[]
    }
    let body: unknown
    try {
      body = { jsonrpc: '2.0', id: request.id, result: call(request.method, request.params ?? []) }
    } catch (error) {
      body = { jsonrpc: '2.0', id: request.id, error: { code: -32000, message: (error as Error).message } }
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    announce: (root, size) => void files.set(root, { size, segments: new Map(), finalized: false }),
    stored(root) {
      const entry = files.get(root)
      if (!entry?.finalized) return undefined
      const ordered = [...entry.segments.entries()].sort((a, b) => a[0] - b[0]).map(([, bytes]) => bytes)
      return new Uint8Array(Buffer.concat(ordered)).subarray(0, entry.size)
    },
    rejected,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function check(segment: Segment, size: number): string | undefined {
  const data = Buffer.from(segment.data, 'base64')
  const padded = paddedChunkCount(Math.ceil(size / 256))
  const chunksInSegment = Math.min(1024, padded - segment.index * 1024)
  if (data.length % 256 !== 0 || data.length / 256 > chunksInSegment) return 'bad segment length'
  const acc = new MerkleAccumulator(hashPair)
  for (let offset = 0; offset < data.length; offset += 256)
    acc.append(keccak_256(data.subarray(offset, offset + 256)))
  const zero = keccak_256(new Uint8Array(256))
  while (acc.leafCount < chunksInSegment) acc.append(zero)
  const { lemma, path } = segment.proof
  if (lemma[0] !== bytesToHex(acc.root()!)) return 'segment bytes do not match the proof leaf'
  let hash = hexToBytes(lemma[0] as `0x${string}`)
  for (let i = 0; i < path.length; i++) {
    const sibling = hexToBytes(lemma[i + 1] as `0x${string}`)
    hash = path[i] ? hashPair(hash, sibling) : hashPair(sibling, hash)
  }
  if (bytesToHex(hash) !== segment.root) return 'proof does not fold to the root'
  return undefined
}
