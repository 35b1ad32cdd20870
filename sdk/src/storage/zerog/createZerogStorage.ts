import {
  type Account,
  type Address,
  type Chain,
  type Client,
  type Hex,
  parseEventLogs,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem'
import { waitForTransactionReceipt } from 'viem/actions'
import { createZgRootHasher, type ZgRootDigest } from '../../zgRoot/createZgRootHasher.js'
import { createVerifiedStream } from '../createVerifiedStream.js'
import { parseRoot } from '../parseRoot.js'
import { StorageError } from '../StorageError.js'
import type { StorageAdapter, UploadOptions, UploadResult, UploadSource } from '../types.js'
import { zgFlowAbi } from './flowAbi.js'
import { readPricePerSector } from './readPricePerSector.js'
import { isNotEnoughFee, submitToFlow } from './submitToFlow.js'
import { zerogDownloadSegments } from './zerogDownloadSegments.js'
import { assertNoMixedContent } from './zerogMixedContent.js'
import {
  type ZerogFileInfo,
  type ZerogNodeEntry,
  zerogFileInfo,
  zerogFileInfoByTxSeq,
  zerogFileLocations,
  zerogSelectNodes,
} from './zerogNetwork.js'
import { zerogSleep, zerogUploadSegments } from './zerogUploadSegments.js'
import { zgStorageFee, zgSubmission } from './zgSubmission.js'

/** Parameters of {@link createZerogStorage}. */
export type CreateZerogStorageParameters = {
  /** 0G indexer RPC URL (node selection and file locations). */
  indexerUrl: string
  /** EVM RPC URL of 0G Chain; not needed by this adapter (the public client reads the chain), kept for callers. */
  evmRpcUrl?: string
  /** The Flow contract address, pinned in config: the address a storage node reports is never used. */
  flowAddress: Address
  /** Reads the price and waits for receipts. */
  publicClient: Client
  /** Pays for and submits uploads; downloads work without one. */
  wallet?: WalletClient<Transport, Chain | undefined, Account>
  /** Replicas to upload to (default 1). */
  expectedReplica?: number
  /** Largest object uploaded or downloaded (default 4 GiB; larger files would be split into fragments). */
  maxBytes?: number
  /** Time allowed for storage nodes to see a submission (default 10 min). */
  logEntryTimeoutMs?: number
  /** Time allowed for the nodes to finalize an upload once its segments are sent (default 10 min). */
  finalityTimeoutMs?: number
  /** Time allowed for the submission's receipt (default 5 min). */
  receiptTimeoutMs?: number
  /** Pause between polls of the nodes (default 1 s). */
  pollMs?: number
  /** Requests in flight per node, for uploads and downloads (default 4). */
  concurrency?: number
  /** Segments (256 KiB each) per upload request (default 8). */
  segmentsPerRequest?: number
  /** First backoff after back-pressure or a transport failure, in ms (default 250). */
  backoffMs?: number
  /** Deadline of each node or indexer request (default 60 s). */
  requestTimeoutMs?: number
  /** Worker threads for hashing (default: none below 8 MiB, else one per core). */
  workers?: number | 'auto'
  /**
   * Protocol of the page the adapter runs in (default `location.protocol` in a browser): on `https:` pages, plain
   * `http:` nodes fail fast with STORAGE_UNAVAILABLE instead of being blocked request by request as mixed content.
   */
  pageProtocol?: string
}

const FOUR_GIB = 4 * 1024 ** 3

/**
 * Creates a StorageAdapter for the 0G Storage network: roots and Flow submissions computed by our code, the fee
 * from the pinned Flow contract's market, the transaction sent with a viem wallet, segments sent by our own
 * bounded loop to the transaction of our receipt, and downloads verified segment by segment (proofs) and whole
 * (root), moving to another node when one fails or lies.
 */
export function createZerogStorage(parameters: CreateZerogStorageParameters): StorageAdapter {
  const maxBytes = Math.min(parameters.maxBytes ?? FOUR_GIB, FOUR_GIB)
  const { workers, indexerUrl, flowAddress } = parameters
  const expectedReplica = parameters.expectedReplica ?? 1
  const pollMs = parameters.pollMs ?? 1000
  const rpc = { timeoutMs: parameters.requestTimeoutMs ?? 60_000 }
  const pageProtocol =
    parameters.pageProtocol ?? (globalThis as { location?: { protocol?: string } }).location?.protocol

  /** Whether every selected node reports a finalized, available file with this root. */
  const storedOn = async (nodes: readonly ZerogNodeEntry[], root: Hex, signal?: AbortSignal) => {
    const infos = await Promise.all(
      nodes.map((node) => zerogFileInfo(node.url, root, true, { ...rpc, signal }).catch(() => null)),
    )
    return (
      infos.length > 0 && infos.every((info) => info?.finalized === true && info.tx.dataMerkleRoot === root)
    )
  }

  const upload = async (source: UploadSource, options: UploadOptions): Promise<UploadResult> => {
    const { signal, onProgress } = options
    const wallet = parameters.wallet
    if (!wallet) throw new StorageError('Uploading to 0G needs a wallet.', { code: 'STORAGE_ZEROG_FAILED' })
    const blob = await toBlob(source)
    if (blob.size === 0)
      throw new StorageError('An upload needs at least one byte.', { code: 'STORAGE_EMPTY' })
    if (blob.size > maxBytes)
      throw new StorageError(`Uploads are limited to ${maxBytes} bytes.`, { code: 'STORAGE_TOO_LARGE' })
    const digest = await hash(blob, workers, signal)
    const nodes = await zerogSelectNodes(indexerUrl, expectedReplica, { ...rpc, signal })
    assertNoMixedContent(
      nodes.map((node) => node.url),
      pageProtocol,
    )
    // "Already stored" is the selected nodes' word; a failing lookup only means we upload.
    if (await storedOn(nodes, digest.root, signal).catch(() => false)) {
      onProgress?.({ bytes: digest.size, totalBytes: digest.size })
      return { root: digest.root, size: digest.size }
    }
    signal?.throwIfAborted()

    const submission = zgSubmission(digest, { submitter: wallet.account.address })
    const send = async () => {
      const price = await readPricePerSector(parameters.publicClient, flowAddress)
      return submitToFlow(wallet, { flowAddress, submission, fee: zgStorageFee(digest.nodes, price) })
    }
    // The price can move between our read and the transaction: re-read it and try once more.
    const txHash = await send().catch((error: unknown) => {
      if (!isNotEnoughFee(error)) throw error
      return send()
    })
    const receipt = await waitForTransactionReceipt(parameters.publicClient, {
      hash: txHash,
      timeout: parameters.receiptTimeoutMs ?? 300_000,
      pollingInterval: pollMs,
    }).catch((cause: unknown) => {
      throw new StorageError('The 0G Flow submission was not mined in time.', {
        code: 'STORAGE_TIMEOUT',
        details: txHash,
        cause,
      })
    })
    if (receipt.status !== 'success')
      throw new StorageError('The 0G Flow submission reverted.', {
        code: 'STORAGE_ZEROG_FAILED',
        details: txHash,
      })
    const txSeq = submissionSeq(receipt, flowAddress, digest)

    const infos = await waitForLogEntry(nodes, txSeq, digest.root, {
      timeoutMs: parameters.logEntryTimeoutMs ?? 600_000,
      pollMs,
      signal,
      rpc,
    })
    await zerogUploadSegments({
      blob,
      root: digest.root,
      segmentRoots: digest.segmentRoots!,
      txSeq,
      startEntryIndex: infos[0]!.tx.startEntryIndex,
      nodes,
      concurrency: parameters.concurrency,
      segmentsPerRequest: parameters.segmentsPerRequest,
      backoffMs: parameters.backoffMs,
      finalityTimeoutMs: parameters.finalityTimeoutMs,
      pollMs,
      requestTimeoutMs: rpc.timeoutMs,
      onProgress: (bytes) => onProgress?.({ bytes, totalBytes: digest.size }),
      signal,
    })
    return { root: digest.root, size: digest.size }
  }

  return {
    async has(root, options = {}) {
      const canonical = parseRoot(root)
      const nodes = await zerogSelectNodes(indexerUrl, expectedReplica, { ...rpc, signal: options.signal })
      return storedOn(nodes, canonical, options.signal)
    },

    async upload(source, options = {}) {
      try {
        return await upload(source, options)
      } catch (error) {
        if (options.signal?.aborted && !(error instanceof StorageError && error.code === 'STORAGE_ABORTED'))
          throw new StorageError('The 0G upload was aborted.', {
            code: 'STORAGE_ABORTED',
            cause: options.signal.reason,
          })
        throw error
      }
    },

    async download(root, options = {}) {
      const canonical = parseRoot(root)
      const { signal } = options
      const located = await zerogFileLocations(indexerUrl, canonical, { ...rpc, signal })
      if (located.length === 0)
        throw new StorageError('No 0G storage node holds an object with this root.', {
          code: 'STORAGE_NOT_FOUND',
        })
      assertNoMixedContent(
        located.map((node) => node.url),
        pageProtocol,
      )
      let info: ZerogFileInfo | null = null
      for (const node of located) {
        info = await zerogFileInfo(node.url, canonical, true, { ...rpc, signal }).catch(() => null)
        if (info?.finalized && info.tx.dataMerkleRoot === canonical) break
        info = null
      }
      if (!info)
        throw new StorageError('No 0G storage node serves an object with this root.', {
          code: 'STORAGE_NOT_FOUND',
        })
      const size = info.tx.size
      if (options.size !== undefined && options.size !== size)
        throw new StorageError('The stored object has another size than expected.', {
          code: 'STORAGE_SIZE_MISMATCH',
          details: `stored ${size}, expected ${options.size} bytes`,
        })
      if (size > maxBytes)
        throw new StorageError(`Downloads are limited to ${maxBytes} bytes.`, { code: 'STORAGE_TOO_LARGE' })
      const segments = zerogDownloadSegments({
        root: canonical,
        size,
        txSeq: info.tx.seq,
        startEntryIndex: info.tx.startEntryIndex,
        nodes: located,
        concurrency: parameters.concurrency,
        requestTimeoutMs: rpc.timeoutMs,
        signal,
      })
      return createVerifiedStream(segments, {
        root: canonical,
        size,
        maxBytes,
        workers,
        onProgress: options.onProgress,
        signal,
      })
    },
  }
}

async function hash(blob: Blob, workers: number | 'auto' | undefined, signal?: AbortSignal) {
  const hasher = await createZgRootHasher({
    workers: workers ?? (blob.size < 8 << 20 ? 0 : 'auto'),
    signal,
    collectSegmentRoots: true,
  })
  try {
    const reader = blob.stream().getReader()
    for (let next = await reader.read(); !next.done; next = await reader.read())
      await hasher.update(next.value)
    return await hasher.digest()
  } finally {
    hasher.destroy()
  }
}

/** The sequence number of our submission, from the pinned Flow's `Submit` log in our own receipt. */
function submissionSeq(receipt: TransactionReceipt, flowAddress: Address, digest: ZgRootDigest): number {
  const logs = parseEventLogs({
    abi: zgFlowAbi,
    eventName: 'Submit',
    logs: receipt.logs.filter((log) => log.address.toLowerCase() === flowAddress.toLowerCase()),
  })
  const ours = logs.find(
    ({ args }) =>
      args.submission.length === BigInt(digest.size) &&
      args.submission.nodes.length === digest.nodes.length &&
      args.submission.nodes.every(
        (node, i) =>
          node.root.toLowerCase() === digest.nodes[i]!.root &&
          node.height === BigInt(digest.nodes[i]!.height),
      ),
  )
  if (!ours)
    throw new StorageError('The 0G Flow receipt has no Submit log for this file.', {
      code: 'STORAGE_ZEROG_FAILED',
      details: receipt.transactionHash,
    })
  return Number(ours.args.submissionIndex)
}

/** Waits until every node knows our transaction (by sequence number) under our root. */
async function waitForLogEntry(
  nodes: readonly ZerogNodeEntry[],
  txSeq: number,
  root: Hex,
  options: {
    timeoutMs: number
    pollMs: number
    signal?: AbortSignal | undefined
    rpc: { timeoutMs: number }
  },
): Promise<ZerogFileInfo[]> {
  const deadline = Date.now() + options.timeoutMs
  for (;;) {
    options.signal?.throwIfAborted()
    const infos = await Promise.all(
      nodes.map((node) =>
        zerogFileInfoByTxSeq(node.url, txSeq, { ...options.rpc, signal: options.signal }).catch(() => null),
      ),
    )
    const other = infos.find((info) => info && info.tx.dataMerkleRoot !== root)
    if (other)
      throw new StorageError('A 0G storage node has another file at our sequence number.', {
        code: 'STORAGE_ZEROG_FAILED',
        details: `tx ${txSeq}: ${other.tx.dataMerkleRoot}`,
      })
    if (infos.every((info) => info !== null)) return infos as ZerogFileInfo[]
    if (Date.now() + options.pollMs > deadline)
      throw new StorageError('0G storage nodes did not see the submission in time.', {
        code: 'STORAGE_TIMEOUT',
      })
    await zerogSleep(options.pollMs, options.signal)
  }
}

async function toBlob(source: UploadSource): Promise<Blob> {
  if (source instanceof Blob) return source
  if (source instanceof Uint8Array) return new Blob([source as Uint8Array<ArrayBuffer>])
  return new Response(source).blob()
}
