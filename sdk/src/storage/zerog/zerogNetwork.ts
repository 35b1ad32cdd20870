import type { Hex } from 'viem'
import { SEGMENT_CHUNKS } from '../../zgRoot/constants.js'
import { StorageError } from '../StorageError.js'
import { ZerogRpcError, type ZerogRpcOptions, zerogRpc } from './zerogRpc.js'

/** Which segments a node keeps: those whose global index ≡ shardId (mod numShard). */
export type ZerogShardConfig = { shardId: number; numShard: number }

/** A storage node as the indexer lists it. */
export type ZerogNodeEntry = { url: string; config: ZerogShardConfig }

/** `zgs_getFileInfo` / `zgs_getFileInfoByTxSeq` answer (the fields we read). */
export type ZerogFileInfo = {
  tx: { seq: number; size: number; startEntryIndex: number; dataMerkleRoot: Hex }
  finalized: boolean
}

const isShard = (value: unknown): value is ZerogShardConfig => {
  const { shardId, numShard } = (value ?? {}) as Partial<ZerogShardConfig>
  return (
    Number.isSafeInteger(numShard) &&
    Number.isSafeInteger(shardId) &&
    numShard! >= 1 &&
    (numShard! & (numShard! - 1)) === 0 &&
    shardId! >= 0 &&
    shardId! < numShard!
  )
}

const isUrl = (value: unknown): value is string => typeof value === 'string' && /^https?:\/\/\S+$/.test(value)

/** Whether `node` keeps segment `index` of a file whose first entry is `startEntryIndex`. */
export function zerogNodeHolds(node: ZerogShardConfig, startEntryIndex: number, index: number): boolean {
  return (Math.floor(startEntryIndex / SEGMENT_CHUNKS) + index) % node.numShard === node.shardId
}

/**
 * Asks the indexer for its trusted nodes and picks `expectedReplica` complete sets (each covers every shard once),
 * smallest shard count first. Fails with STORAGE_ZEROG_FAILED when there are not enough.
 */
export async function zerogSelectNodes(
  indexerUrl: string,
  expectedReplica: number,
  options: ZerogRpcOptions = {},
): Promise<ZerogNodeEntry[]> {
  const answer = await zerogRpc<{ trusted?: unknown }>(indexerUrl, 'indexer_getShardedNodes', [], options)
  const trusted = (Array.isArray(answer?.trusted) ? answer.trusted : [])
    .filter((node: unknown): node is ZerogNodeEntry => {
      const { url, config } = (node ?? {}) as Partial<ZerogNodeEntry>
      return isUrl(url) && isShard(config)
    })
    .sort((a, b) => a.config.numShard - b.config.numShard || a.config.shardId - b.config.shardId)
  const selected: ZerogNodeEntry[] = []
  const used = new Set<ZerogNodeEntry>()
  for (let replica = 0; replica < expectedReplica; replica++) {
    let set: ZerogNodeEntry[] | undefined
    for (const numShard of new Set(trusted.map((node) => node.config.numShard))) {
      const candidate: ZerogNodeEntry[] = []
      for (let shardId = 0; shardId < numShard; shardId++) {
        const node = trusted.find(
          (n) => !used.has(n) && n.config.numShard === numShard && n.config.shardId === shardId,
        )
        if (!node) break
        candidate.push(node)
      }
      if (candidate.length === numShard) {
        set = candidate
        break
      }
    }
    if (!set)
      throw new StorageError('Too few 0G storage nodes for the replicas asked for.', {
        code: 'STORAGE_ZEROG_FAILED',
        details: `${replica} of ${expectedReplica} replica sets from ${trusted.length} trusted nodes`,
      })
    for (const node of set) used.add(node)
    selected.push(...set)
  }
  return selected
}

/**
 * The nodes the indexer says hold a file. The real indexer answers an unknown root with a JSON-RPC error
 * ("file not found"), not an empty list: both mean none.
 */
export async function zerogFileLocations(
  indexerUrl: string,
  root: Hex,
  options: ZerogRpcOptions = {},
): Promise<ZerogNodeEntry[]> {
  let answer: unknown
  try {
    answer = await zerogRpc<unknown>(indexerUrl, 'indexer_getFileLocations', [root], options)
  } catch (error) {
    if (error instanceof ZerogRpcError && /not found/i.test(error.reason)) return []
    throw error
  }
  if (answer === null) return []
  if (!Array.isArray(answer))
    throw new StorageError('The 0G indexer answered file locations malformed.', {
      code: 'STORAGE_BAD_RESPONSE',
    })
  return answer.flatMap((entry: unknown) => {
    const { url, config } = (entry ?? {}) as { url?: unknown; config?: unknown }
    return isUrl(url) && isShard(config) ? [{ url, config }] : []
  })
}

const parseFileInfo = (value: unknown): ZerogFileInfo | null => {
  if (value === null) return null
  const info = value as Partial<ZerogFileInfo> | undefined
  const tx = info?.tx as Partial<ZerogFileInfo['tx']> | undefined
  if (
    typeof info?.finalized !== 'boolean' ||
    !Number.isSafeInteger(tx?.seq) ||
    !Number.isSafeInteger(tx?.size) ||
    !Number.isSafeInteger(tx?.startEntryIndex) ||
    typeof tx?.dataMerkleRoot !== 'string' ||
    !/^0x[0-9a-fA-F]{64}$/.test(tx.dataMerkleRoot)
  )
    throw new StorageError('A 0G storage node answered file info malformed.', {
      code: 'STORAGE_BAD_RESPONSE',
    })
  return {
    finalized: info.finalized,
    tx: {
      seq: tx!.seq!,
      size: tx!.size!,
      startEntryIndex: tx!.startEntryIndex!,
      dataMerkleRoot: tx!.dataMerkleRoot!.toLowerCase() as Hex,
    },
  }
}

/** `zgs_getFileInfo(root, needAvailable)`: the first transaction with this root, or null. */
export async function zerogFileInfo(
  url: string,
  root: Hex,
  needAvailable: boolean,
  options: ZerogRpcOptions = {},
): Promise<ZerogFileInfo | null> {
  return parseFileInfo(await zerogRpc(url, 'zgs_getFileInfo', [root, needAvailable], options))
}

/** `zgs_getFileInfoByTxSeq(seq)`: the transaction with this sequence number, or null. */
export async function zerogFileInfoByTxSeq(
  url: string,
  seq: number,
  options: ZerogRpcOptions = {},
): Promise<ZerogFileInfo | null> {
  return parseFileInfo(await zerogRpc(url, 'zgs_getFileInfoByTxSeq', [seq], options))
}
