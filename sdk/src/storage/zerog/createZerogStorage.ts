import type { Account, Address, Chain, Client, Hex, Transport, WalletClient } from 'viem'
import { waitForTransactionReceipt } from 'viem/actions'
import { createZgRootHasher } from '../../zgRoot/createZgRootHasher.js'
import { createVerifiedStream } from '../createVerifiedStream.js'
import { parseRoot } from '../parseRoot.js'
import { StorageError } from '../StorageError.js'
import type { StorageAdapter, UploadSource } from '../types.js'
import { readPricePerSector } from './readPricePerSector.js'
import { submitToFlow } from './submitToFlow.js'
import { zgSegmentTree } from './zgSegmentTree.js'
import { zgStorageFee, zgSubmission } from './zgSubmission.js'

/** File info as a 0G storage node reports it (the fields we read). */
export type ZerogFileInfo = { finalized: boolean; tx: { seq: number } }

/** A 0G storage node client (subset of the SDK's StorageNode). */
export type ZerogNode = { getFileInfo(root: string, needAvailable: boolean): Promise<ZerogFileInfo | null> }

/** A 0G indexer client (subset of the SDK's Indexer); injectable for tests. */
export type ZerogIndexer = {
  getFileLocations(root: string): Promise<unknown[]>
  downloadToBlob(root: string, options?: { proof?: boolean }): Promise<[Blob, Error | null]>
  selectNodes(expectedReplica: number): Promise<[ZerogNode[], Error | null]>
}

/** Uploads the segments of an already submitted file to the selected nodes. */
export type ZerogSegmentUploader = (parameters: {
  blob: Blob
  root: Hex
  /** Every padded segment's root, for the proofs. */
  segmentRoots: Hex[]
  nodes: ZerogNode[]
  onProgress?: (message: string) => void
}) => Promise<void>

/** Parameters of {@link createZerogStorage}. */
export type CreateZerogStorageParameters = {
  /** 0G indexer RPC URL. */
  indexerUrl: string
  /** EVM RPC URL of 0G Chain (the SDK's segment uploader needs it). */
  evmRpcUrl: string
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
  /** Worker threads for hashing (default: none below 8 MiB, else one per core). */
  workers?: number | 'auto'
  /** Indexer client; default the SDK's `Indexer(indexerUrl)`. */
  indexer?: ZerogIndexer
  /** Segment uploader; default the SDK's `Uploader` with `skipTx` (our code sends the transaction). */
  uploadSegments?: ZerogSegmentUploader
}

const FOUR_GIB = 4 * 1024 ** 3

/**
 * Creates a StorageAdapter for the 0G Storage network: roots and Flow submissions computed by our code, the fee
 * from the pinned Flow contract's market, the transaction sent with a viem wallet, segments uploaded by the 0G SDK,
 * and downloads re-verified against the root by our code (the SDK's proof flag is not relied on).
 */
export function createZerogStorage(parameters: CreateZerogStorageParameters): StorageAdapter {
  const maxBytes = Math.min(parameters.maxBytes ?? FOUR_GIB, FOUR_GIB)
  const workers = parameters.workers
  const expectedReplica = parameters.expectedReplica ?? 1
  const logEntryTimeoutMs = parameters.logEntryTimeoutMs ?? 600_000
  let indexer: Promise<ZerogIndexer> | undefined
  const getIndexer = () => {
    indexer ??= parameters.indexer
      ? Promise.resolve(parameters.indexer)
      : import('@0gfoundation/0g-ts-sdk').then(
          (sdk) => new sdk.Indexer(parameters.indexerUrl) as unknown as ZerogIndexer,
        )
    return indexer
  }
  const zerogFailure = (message: string, cause?: unknown) =>
    cause instanceof StorageError ? cause : new StorageError('STORAGE_ZEROG_FAILED', message, { cause })

  const has = async (root: Hex) => {
    const canonical = parseRoot(root)
    try {
      const locations = await (await getIndexer()).getFileLocations(canonical)
      return Array.isArray(locations) && locations.length > 0
    } catch (cause) {
      throw zerogFailure('The 0G indexer could not be asked for the file.', cause)
    }
  }

  return {
    has: (root) => has(root),

    async upload(source, options = {}) {
      const { signal, onProgress } = options
      const wallet = parameters.wallet
      if (!wallet) throw new StorageError('STORAGE_ZEROG_FAILED', 'Uploading to 0G needs a wallet.')
      const blob = await toBlob(source)
      if (blob.size === 0) throw new StorageError('STORAGE_EMPTY', 'An upload needs at least one byte.')
      if (blob.size > maxBytes)
        throw new StorageError('STORAGE_TOO_LARGE', `Uploads are limited to ${maxBytes} bytes.`)
      const hasher = await createZgRootHasher({
        workers: workers ?? (blob.size < 8 << 20 ? 0 : 'auto'),
        signal,
        collectSegmentRoots: true,
      })
      let digest: Awaited<ReturnType<typeof hasher.digest>>
      try {
        const reader = blob.stream().getReader()
        for (let next = await reader.read(); !next.done; next = await reader.read())
          await hasher.update(next.value)
        digest = await hasher.digest()
      } finally {
        hasher.destroy()
      }
      if (await has(digest.root)) return { root: digest.root, size: digest.size }
      signal?.throwIfAborted()

      const fee = zgStorageFee(
        digest.nodes,
        await readPricePerSector(parameters.publicClient, parameters.flowAddress),
      )
      const submission = zgSubmission(digest, { submitter: wallet.account.address })
      const hash = await submitToFlow(wallet, { flowAddress: parameters.flowAddress, submission, fee })
      const receipt = await waitForTransactionReceipt(parameters.publicClient, { hash })
      if (receipt.status !== 'success')
        throw new StorageError('STORAGE_ZEROG_FAILED', 'The 0G Flow submission reverted.', { details: hash })

      const [nodes, selectError] = await (await getIndexer()).selectNodes(expectedReplica)
      if (selectError || nodes.length === 0)
        throw zerogFailure('No 0G storage nodes to upload to.', selectError)
      await waitForLogEntry(nodes, digest.root, logEntryTimeoutMs, signal)
      const uploadSegments = parameters.uploadSegments ?? sdkSegmentUploader(parameters)
      try {
        await uploadSegments({ blob, root: digest.root, segmentRoots: digest.segmentRoots!, nodes })
      } catch (cause) {
        throw zerogFailure('Uploading segments to 0G failed.', cause)
      }
      onProgress?.({ bytes: digest.size, totalBytes: digest.size })
      return { root: digest.root, size: digest.size }
    },

    async download(root, options = {}) {
      const canonical = parseRoot(root)
      let blob: Blob
      try {
        const [downloaded, error] = await (await getIndexer()).downloadToBlob(canonical, { proof: false })
        if (error) throw error
        blob = downloaded
      } catch (cause) {
        throw zerogFailure('Downloading from 0G failed.', cause)
      }
      if (blob.size > maxBytes)
        throw new StorageError('STORAGE_TOO_LARGE', `Downloads are limited to ${maxBytes} bytes.`)
      return createVerifiedStream(blob.stream(), {
        root: canonical,
        size: blob.size,
        maxBytes,
        workers,
        onProgress: options.onProgress,
        signal: options.signal,
      })
    },
  }
}

async function waitForLogEntry(nodes: ZerogNode[], root: Hex, timeoutMs: number, signal?: AbortSignal) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    signal?.throwIfAborted()
    const infos = await Promise.all(nodes.map((node) => node.getFileInfo(root, false).catch(() => null)))
    if (infos.every((info) => info !== null)) return
    if (Date.now() > deadline)
      throw new StorageError('STORAGE_TIMEOUT', '0G storage nodes did not see the submission in time.')
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}

function sdkSegmentUploader(parameters: CreateZerogStorageParameters): ZerogSegmentUploader {
  return async ({ blob, root, segmentRoots, nodes }) => {
    const [sdk, { JsonRpcProvider }] = await Promise.all([
      import('@0gfoundation/0g-ts-sdk'),
      import('ethers'),
    ])
    const tree = await zgSegmentTree(segmentRoots)
    if (tree.rootHash() !== root)
      throw new StorageError('STORAGE_ROOT_MISMATCH', 'The segment tree does not have the file root.', {
        details: `${tree.rootHash()} ≠ ${root}`,
      })
    // The SDK's uploader asks the file for its tree: hand it ours instead of letting it re-hash at ~13 MiB/s.
    class PrecomputedBlob extends sdk.Blob {
      override async merkleTree(): Promise<[typeof tree, null]> {
        return [tree, null]
      }
    }
    // The Flow contract object is only read from (skipTx): our wallet already sent the submission.
    const flow = sdk.getFlowContract(
      parameters.flowAddress,
      new JsonRpcProvider(parameters.evmRpcUrl) as never,
    )
    const uploader = new sdk.Uploader(nodes as never, parameters.evmRpcUrl, flow)
    const [result, error] = await uploader.uploadFile(new PrecomputedBlob(blob as File), {
      skipTx: true,
      expectedReplica: parameters.expectedReplica ?? 1,
    })
    if (error) throw error
    if (result.rootHash.toLowerCase() !== root)
      throw new StorageError('STORAGE_ROOT_MISMATCH', 'The 0G SDK uploaded under another root.', {
        details: `${result.rootHash} ≠ ${root}`,
      })
  }
}

async function toBlob(source: UploadSource): Promise<Blob> {
  if (source instanceof Blob) return source
  if (source instanceof Uint8Array) return new Blob([source as Uint8Array<ArrayBuffer>])
  return new Response(source).blob()
}
