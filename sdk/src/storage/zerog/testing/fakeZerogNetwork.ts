import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Address, concat, type Hex, keccak256, type PublicClient } from 'viem'
import { BaseError } from '../../../errors.js'
import { SEGMENT_SIZE } from '../../../zgRoot/constants.js'
import { zgFlowAbi } from '../flowAbi.js'
import type { ZerogShardConfig } from '../zerogNetwork.js'
import {
  type ZgSegmentProof,
  zgCheckSegmentProof,
  zgSegmentLayout,
  zgSegmentProofTree,
  zgSegmentRoot,
} from '../zgSegmentProof.js'

/** A transaction of the log, as every node sees it. */
type Tx = { seq: number; root: Hex; size: number; startEntryIndex: number }
/** What one node holds of a transaction. */
type Held = {
  segments: Map<number, Uint8Array>
  finalized: boolean
  proof?: Promise<(index: number) => ZgSegmentProof>
}
type Segment = { root?: unknown; data?: unknown; index?: unknown; proof?: unknown; fileSize?: unknown }

/** The proof tree of a transaction: the flow knows every segment root; here they come from the network's uploads. */
async function proofTree(tx: Tx, findSegment: (tx: Tx, index: number) => Uint8Array | undefined) {
  const layout = zgSegmentLayout(tx.size)
  const roots: Hex[] = []
  for (let index = 0; index < layout.proofSegments; index++)
    roots.push(await zgSegmentRoot(findSegment(tx, index) ?? new Uint8Array(0), layout.proofBytes(index)))
  return zgSegmentProofTree(roots).proof
}

/** Failure knobs of one fake node, changeable while a test runs. */
export type FakeZerogNodeKnobs = {
  /** Concurrent write requests accepted before "too many data writing: N" (testnet turbo 128, mainnet 16). */
  maxWrites: number
  /** The next this-many upload requests are refused with back-pressure regardless of load. */
  busy: number
  /** Every request is dropped (connection reset), as a node that went away. */
  down: boolean
  /** Downloads serve segments with one flipped byte (the proof stays the honest one). */
  corrupt: boolean
}

/** One fake storage node. */
export type FakeZerogNode = {
  url: string
  config: ZerogShardConfig
  knobs: FakeZerogNodeKnobs
  stats: { uploadRequests: number; busyAnswers: number; maxInFlight: number; downloads: number }
  /** The stored bytes of a finalized file (test checks). */
  stored(root: Hex): Uint8Array | undefined
}

/** Parameters of {@link startFakeZerogNetwork}. */
export type StartFakeZerogNetworkParameters = {
  /** Shard configs of the nodes (default two full replicas). */
  nodes?: ZerogShardConfig[]
  /** With `flowAddress`: the nodes follow the chain, as real nodes sync `Submit` logs. */
  publicClient?: PublicClient
  flowAddress?: Address
}

/** A JSON-RPC error answer: a wire error carrying the numeric JSON-RPC code, as `BaseError<number>` allows. */
class RpcFailure extends BaseError<number> {
  override name = 'RpcFailure'

  constructor(
    code: number,
    message: string,
    readonly data?: string,
  ) {
    super(message, { code })
  }
}
const invalidParams = (param: string, data: string) =>
  new RpcFailure(-32602, `Invalid params: ${param}`, data)

/**
 * A faithful stand-in for a 0G storage network on 127.0.0.1: storage nodes speaking the node's JSON-RPC
 * (`zgs_getStatus`, `zgs_getFileInfo` with needAvailable, `zgs_getFileInfoByTxSeq`, `zgs_getShardConfig`,
 * `zgs_uploadSegmentsByTxSeq`, `zgs_downloadSegment(ByTxSeq)`, `zgs_downloadSegmentWithProof(ByTxSeq)`) with the node's checks and error shapes,
 * and an indexer (`indexer_getShardedNodes`, `indexer_getFileLocations`, which errors "file not found"). The
 * transaction log comes from a Flow contract's `Submit` logs on a chain, or from `submit()`.
 */
export async function startFakeZerogNetwork(parameters: StartFakeZerogNetworkParameters = {}): Promise<{
  indexerUrl: string
  nodes: FakeZerogNode[]
  /** Appends a transaction to the log (as if submitted on chain); returns its sequence number. */
  submit(root: Hex, size: number): number
  /** The transaction log. */
  txs: Tx[]
  close(): Promise<void>
}> {
  const txs: Tx[] = []
  let nextEntry = 0
  const submit = (
    root: Hex,
    size: number,
    seq = (txs.at(-1)?.seq ?? -1) + 1,
    startEntryIndex = nextEntry,
  ) => {
    txs.push({ seq, root: root.toLowerCase() as Hex, size, startEntryIndex })
    nextEntry = Math.max(nextEntry, startEntryIndex + Math.ceil(size / 256))
    return seq
  }
  const bySeq = (seq: number) => txs.find((tx) => tx.seq === seq)
  const servers: Server[] = []
  const listen = async (
    handle: (method: string, params: unknown[]) => Promise<unknown>,
    node?: FakeZerogNode,
  ) => {
    const server = createServer(async (req, res) => {
      if (node?.knobs.down) return void req.socket.destroy()
      let id: unknown = null
      let body: unknown
      try {
        const request = JSON.parse((await readBody(req)).toString()) as {
          id: unknown
          method: string
          params?: unknown[]
        }
        id = request.id
        body = { jsonrpc: '2.0', id, result: (await handle(request.method, request.params ?? [])) ?? null }
      } catch (error) {
        const failure =
          error instanceof RpcFailure
            ? error
            : new RpcFailure(-32603, 'Internal error', (error as Error).message)
        body = {
          jsonrpc: '2.0',
          id,
          error: {
            code: failure.code,
            message: failure.message,
            ...(failure.data ? { data: failure.data } : {}),
          },
        }
      }
      if (node?.knobs.down) return void req.socket.destroy()
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    })
    server.keepAliveTimeout = 1000
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    servers.push(server)
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  const nodes: FakeZerogNode[] = []
  const holdings: Map<number, Held>[] = []
  for (const config of parameters.nodes ?? [
    { shardId: 0, numShard: 1 },
    { shardId: 0, numShard: 1 },
  ]) {
    const held = new Map<number, Held>()
    holdings.push(held)
    const node: FakeZerogNode = {
      url: '',
      config,
      knobs: { maxWrites: 128, busy: 0, down: false, corrupt: false },
      stats: { uploadRequests: 0, busyAnswers: 0, maxInFlight: 0, downloads: 0 },
      stored(root) {
        const tx = txs.find((t) => t.root === root.toLowerCase() && held.get(t.seq)?.finalized)
        if (!tx) return undefined
        const segments = held.get(tx.seq)!.segments
        const bytes = new Uint8Array(tx.size)
        for (const [index, data] of segments)
          bytes.set(
            data.subarray(0, Math.min(data.length, tx.size - index * SEGMENT_SIZE)),
            index * SEGMENT_SIZE,
          )
        return bytes
      },
    }
    let writing = 0
    const holds = (tx: Tx, index: number) =>
      (Math.floor(tx.startEntryIndex / 1024) + index) % config.numShard === config.shardId
    const holding = (tx: Tx) => {
      const entry = held.get(tx.seq) ?? { segments: new Map(), finalized: false }
      held.set(tx.seq, entry)
      return entry
    }
    const info = (tx: Tx | undefined) =>
      tx && {
        tx: {
          streamIds: [],
          data: '0x',
          dataMerkleRoot: tx.root,
          merkleNodes: [],
          startEntryIndex: tx.startEntryIndex,
          size: tx.size,
          seq: tx.seq,
        },
        finalized: held.get(tx.seq)?.finalized ?? false,
        isCached: false,
        uploadedSegNum: held.get(tx.seq)?.segments.size ?? 0,
        pruned: false,
      }
    const finalize = async (tx: Tx, entry: Held) => {
      const layout = zgSegmentLayout(tx.size)
      for (let index = 0; index < layout.segments; index++)
        if (holds(tx, index) && !entry.segments.has(index)) return
      entry.finalized = true
    }
    const put = async (tx: Tx, segment: Segment) => {
      if (segment.fileSize !== tx.size)
        throw invalidParams('file_size', 'segment file size not matched with tx file size')
      if (holding(tx).finalized) throw invalidParams('root', 'already uploaded and finalized')
      if (typeof segment.root !== 'string' || segment.root.toLowerCase() !== tx.root)
        throw invalidParams('root', 'root not matched')
      if (typeof segment.data !== 'string') throw invalidParams('data', 'invalid data')
      const layout = zgSegmentLayout(tx.size)
      const index = segment.index
      if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0 || index >= layout.segments)
        throw invalidParams('index', 'index out of bound')
      const data = new Uint8Array(Buffer.from(segment.data, 'base64'))
      if (data.length !== layout.wireBytes(index)) throw invalidParams('data', 'invalid data length')
      const segmentRoot = await zgSegmentRoot(data, layout.proofBytes(index))
      const problem = zgCheckSegmentProof({
        root: tx.root,
        segmentRoot,
        index,
        size: tx.size,
        proof: segment.proof as ZgSegmentProof,
      })
      if (problem) throw invalidParams('proof', problem)
      if (holds(tx, index)) holding(tx).segments.set(index, data)
    }
    const handle = async (method: string, params: unknown[]): Promise<unknown> => {
      switch (method) {
        case 'zgs_getStatus':
          return {
            connectedPeers: 1,
            logSyncHeight: txs.length,
            logSyncBlock: `0x${'00'.repeat(32)}`,
            nextTxSeq: txs.length,
            networkIdentity: {
              chainId: 31337,
              flowAddress: parameters.flowAddress ?? `0x${'00'.repeat(20)}`,
            },
          }
        case 'zgs_getShardConfig':
          return config
        case 'zgs_getFileInfo': {
          const [root, needAvailable] = params as [string, boolean]
          const matching = txs.filter((tx) => tx.root === String(root).toLowerCase())
          const available = needAvailable ? matching.find((tx) => held.get(tx.seq)?.finalized) : undefined
          return info(available ?? matching[0]) ?? null
        }
        case 'zgs_getFileInfoByTxSeq':
          return info(bySeq(Number(params[0]))) ?? null
        case 'zgs_uploadSegmentsByTxSeq': {
          node.stats.uploadRequests++
          if (node.knobs.busy > 0 || writing >= node.knobs.maxWrites) {
            if (node.knobs.busy > 0) node.knobs.busy--
            node.stats.busyAnswers++
            throw new RpcFailure(-32000, `too many data writing: ${writing}`)
          }
          const [segments, seq] = params as [Segment[], number]
          const tx = bySeq(seq)
          if (!tx) throw invalidParams('tx_seq', 'tx not found')
          writing++
          node.stats.maxInFlight = Math.max(node.stats.maxInFlight, writing)
          try {
            for (const segment of segments) await put(tx, segment)
            await finalize(tx, holding(tx))
          } finally {
            writing--
          }
          return null
        }
        case 'zgs_downloadSegment':
        case 'zgs_downloadSegmentByTxSeq': {
          // Chunks [start, end) of a finalized file, at most one segment, without a proof.
          node.stats.downloads++
          const tx =
            method === 'zgs_downloadSegment'
              ? txs.find((t) => t.root === String(params[0]).toLowerCase() && held.get(t.seq)?.finalized)
              : bySeq(Number(params[0]))
          const entry = tx && held.get(tx.seq)
          if (!tx || !entry?.finalized) return null
          const [start, end] = [Number(params[1]), Number(params[2])]
          if (!(start < end)) throw invalidParams('end_index', 'invalid chunk index')
          if (end - start > 1024) throw invalidParams('end_index', 'exceeds maximum chunks 1024')
          const index = Math.floor(start / 1024)
          const data = entry.segments.get(index)
          if (!data || Math.floor((end - 1) / 1024) !== index) return null
          return Buffer.from(
            data.subarray((start % 1024) * 256, (start % 1024) * 256 + (end - start) * 256),
          ).toString('base64')
        }
        case 'zgs_downloadSegmentWithProof':
        case 'zgs_downloadSegmentWithProofByTxSeq': {
          node.stats.downloads++
          const tx =
            method === 'zgs_downloadSegmentWithProof'
              ? txs.find((t) => t.root === String(params[0]).toLowerCase() && held.get(t.seq)?.finalized)
              : bySeq(Number(params[0]))
          const entry = tx && held.get(tx.seq)
          if (!tx || !entry?.finalized) return null
          const index = Number(params[1])
          if (!Number.isSafeInteger(index) || index < 0 || index >= zgSegmentLayout(tx.size).segments)
            throw invalidParams('index', 'index out of bound')
          const data = entry.segments.get(index)
          if (!data) return null
          entry.proof ??= proofTree(tx, findSegment)
          const proof = await entry.proof
          const served = node.knobs.corrupt ? data.slice() : data
          if (node.knobs.corrupt) served[0]! ^= 1
          return {
            root: tx.root,
            data: Buffer.from(served).toString('base64'),
            index,
            proof: proof(index),
            fileSize: tx.size,
          }
        }
        default:
          throw new RpcFailure(-32601, 'Method not found')
      }
    }
    node.url = await listen(handle, node)
    nodes.push(node)
  }
  // A node recomputes padding-free segment roots from whichever node holds that segment (the flow has them all).
  const findSegment = (tx: Tx, index: number) => {
    for (const held of holdings) {
      const data = held.get(tx.seq)?.segments.get(index)
      if (data) return data
    }
    return undefined
  }

  const indexerUrl = await listen(async (method, params) => {
    if (method === 'indexer_getShardedNodes')
      return {
        trusted: nodes.map((node) => ({ url: node.url, config: node.config, latency: 1, since: 0 })),
        discovered: [],
      }
    if (method === 'indexer_getFileLocations') {
      const root = String(params[0]).toLowerCase()
      // As the Go indexer: "file not found" unless a trusted node knows the root, then the nodes that hold it.
      const seqs = txs.filter((tx) => tx.root === root).map((tx) => tx.seq)
      if (seqs.length === 0) throw new RpcFailure(-32000, 'file not found')
      const holders = nodes.filter((_, i) => seqs.some((seq) => holdings[i]!.get(seq)?.finalized))
      return holders.map((node) => ({ url: node.url, config: node.config, latency: 1, since: 0 }))
    }
    throw new RpcFailure(-32601, 'Method not found')
  })

  let unwatch: (() => void) | undefined
  if (parameters.publicClient && parameters.flowAddress) {
    unwatch = parameters.publicClient.watchContractEvent({
      address: parameters.flowAddress,
      abi: zgFlowAbi,
      eventName: 'Submit',
      pollingInterval: 50,
      onLogs: (logs) => {
        for (const { args } of logs) {
          const roots = args.submission!.nodes.map((node) => node.root)
          let root = roots[roots.length - 1]!
          for (let i = roots.length - 2; i >= 0; i--) root = keccak256(concat([roots[i]!, root]))
          submit(root, Number(args.submission!.length), Number(args.submissionIndex), Number(args.startPos))
        }
      },
    })
  }

  return {
    indexerUrl,
    nodes,
    submit: (root, size) => submit(root, size),
    txs,
    close: async () => {
      unwatch?.()
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections()
              server.close(() => resolve())
            }),
        ),
      )
    },
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = []
  let size = 0
  for await (const part of req) {
    size += (part as Buffer).length
    if (size > 64 * 1024 * 1024) throw new RpcFailure(-32600, 'request too large')
    parts.push(part as Buffer)
  }
  return Buffer.concat(parts)
}
