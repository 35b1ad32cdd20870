import { readFileSync } from 'node:fs'
import { anvilPrivateKeys } from '@licen/contracts'
import { type AnvilChain, startAnvilChain } from '@licen/testing'
import { type Address, createWalletClient, type Hex, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { SEGMENT_SIZE } from '../../zgRoot/constants.js'
import { firstDifference } from '../../zgRoot/testing/firstDifference.js'
import { randomBytes } from '../../zgRoot/testing/randomBytes.js'
import { zgRoot } from '../../zgRoot/zgRoot.js'
import type { StorageProgress } from '../types.js'
import { type CreateZerogStorageParameters, createZerogStorage } from './createZerogStorage.js'
import { encodeFlowSubmit, isNotEnoughFee } from './submitToFlow.js'
import { deployFakeFlow } from './testing/fakeFlow.js'
import { startFakeZerogNetwork } from './testing/fakeZerogNetwork.js'
import { zerogRpc } from './zerogRpc.js'
import { zgSegmentLayout, zgSegmentProofTree, zgSegmentRoot } from './zgSegmentProof.js'
import { zgSubmission } from './zgSubmission.js'

// The 0G network is unreachable here. The chain half runs on anvil against a stand-in Flow that emits the real
// `Submit` event and a constant-price market; the storage nodes and the indexer are the faithful fake JSON-RPC
// servers of ./testing, which follow the Flow's logs as real nodes do.
const PRICE = 1_000_000_000n
const REVERTING: Hex = '0x6005600c60003960056000f360006000fd'

let anvil: AnvilChain
let flow: Address
let revertingFlow: Address
let pricedOutFlow: Address
const account = privateKeyToAccount(anvilPrivateKeys[0]!)
const wallet = () => anvil.wallet(0)

beforeAll(async () => {
  anvil = await startAnvilChain()
  flow = await deployFakeFlow(wallet(), anvil.publicClient, PRICE)
  pricedOutFlow = await deployFakeFlow(wallet(), anvil.publicClient, PRICE, { notEnoughFee: true })
  const hash = await wallet().sendTransaction({ data: REVERTING })
  revertingFlow = (await anvil.publicClient.waitForTransactionReceipt({ hash })).contractAddress!
}, 60_000)
afterAll(async () => {
  await anvil?.stop()
})

async function network(
  options: { nodes?: { shardId: number; numShard: number }[]; flowAddress?: Address } = {},
) {
  return startFakeZerogNetwork({
    publicClient: anvil.publicClient,
    flowAddress: options.flowAddress ?? flow,
    nodes: options.nodes,
  })
}

function storageFor(
  net: { indexerUrl: string },
  overrides: Partial<CreateZerogStorageParameters> = {},
): ReturnType<typeof createZerogStorage> {
  return createZerogStorage({
    indexerUrl: net.indexerUrl,
    evmRpcUrl: anvil.rpcUrl,
    flowAddress: flow,
    publicClient: anvil.publicClient,
    wallet: wallet(),
    workers: 0,
    logEntryTimeoutMs: 5000,
    finalityTimeoutMs: 5000,
    pollMs: 50,
    backoffMs: 10,
    expectedReplica: 2,
    ...overrides,
  })
}

const bytesOf = async (stream: ReadableStream<Uint8Array>) =>
  new Uint8Array(await new Response(stream).arrayBuffer())

describe('createZerogStorage', () => {
  test('default: a fresh root is not stored although the indexer answers "file not found"; the upload pays price × sectors to the pinned Flow and lands on every node', async () => {
    const net = await network()
    try {
      const data = new Uint8Array(
        readFileSync(new URL('../../zgRoot/fixtures/zgFile-example.md.txt', import.meta.url)),
      )
      const expectedRoot = '0x95034699d3a494d05642ba74ab7f07fc318070df588c8adc42a81168880cad9a'
      // The real indexer's answer for an unknown root: a JSON-RPC error, not null.
      await expect(
        zerogRpc(net.indexerUrl, 'indexer_getFileLocations', [expectedRoot]),
      ).rejects.toMatchObject({
        rpcCode: -32000,
        rpcMessage: 'file not found',
      })
      const storage = storageFor(net)
      expect(await storage.has(expectedRoot)).toBe(false)

      const before = await anvil.publicClient.getBlockNumber()
      const progress: StorageProgress[] = []
      const result = await storage.upload(data, { onProgress: (p) => progress.push(p) })
      expect(result).toEqual({ root: expectedRoot, size: 20_182 })
      expect(progress.at(-1)).toEqual({ bytes: 20_182, totalBytes: 20_182 })

      const block = await anvil.publicClient.getBlock({ blockNumber: before + 1n, includeTransactions: true })
      const tx = block.transactions[0]!
      expect(tx.to?.toLowerCase()).toBe(flow.toLowerCase())
      // Upstream submission vector: nodes of height 6 and 4 → 80 sectors.
      expect(tx.value).toBe(80n * PRICE)
      const submission = zgSubmission(
        {
          root: expectedRoot,
          size: 20_182,
          nodes: [
            { root: '0x67ffe8254bf275aebaaa4aea83e2304b75f0021cecdfeb5555b9af0d6d4db132', height: 6 },
            { root: '0x573f918e76aa3b778c0774b870c8ba3a7d16ba2900c904af68fb9af224d4511f', height: 4 },
          ],
        },
        { submitter: account.address },
      )
      expect(tx.input).toBe(encodeFlowSubmit(submission))
      // The nodes saw the Submit log, computed the same root, and hold the bytes.
      expect(net.txs.map((t) => [t.root, t.size])).toEqual([[expectedRoot, 20_182]])
      for (const node of net.nodes) expect(firstDifference(node.stored(expectedRoot)!, data)).toBe(-1)

      expect(await storage.has(expectedRoot)).toBe(true)
      const back = await bytesOf(await storage.download(expectedRoot, { size: 20_182 }))
      expect(firstDifference(back, data)).toBe(-1)
      // Already stored: a second upload sends no transaction.
      const blocks = await anvil.publicClient.getBlockNumber()
      expect(await storage.upload(data)).toEqual(result)
      expect(await anvil.publicClient.getBlockNumber()).toBe(blocks)
    } finally {
      await net.close()
    }
  }, 60_000)

  test('behavior: segments go to our own transaction (receipt log), with bounded requests in flight, through back-pressure, with progress per request', async () => {
    const net = await network()
    try {
      const data = randomBytes(12 * SEGMENT_SIZE + 1000, 91)
      const { root } = await zgRoot(data)
      // An older transaction with the same root that was never completed: getFileInfo(root) would name it.
      net.submit(root, data.length)
      net.nodes[0]!.knobs.busy = 3
      const progress: number[] = []
      const result = await storageFor(net, { concurrency: 2, segmentsPerRequest: 2 }).upload(data, {
        onProgress: (p) => progress.push(p.bytes),
      })
      expect(result).toEqual({ root, size: data.length })
      expect(net.txs.map((t) => t.seq)).toEqual([0, 1])
      for (const node of net.nodes) {
        expect(node.stored(root)?.length).toBe(data.length)
        expect(node.stats.maxInFlight).toBeLessThanOrEqual(2)
      }
      // 13 segments in 7 requests per node; three refusals on node 0 were retried.
      expect(net.nodes[0]!.stats).toMatchObject({ uploadRequests: 10, busyAnswers: 3 })
      expect(net.nodes[1]!.stats).toMatchObject({ uploadRequests: 7, busyAnswers: 0 })
      expect(progress.length).toBe(15)
      expect(progress).toEqual([...progress].sort((a, b) => a - b))
      expect(progress.at(-1)).toBe(data.length)
      // The older transaction stays incomplete; ours is finalized.
      const info = await zerogRpc<{ finalized: boolean }>(net.nodes[0]!.url, 'zgs_getFileInfoByTxSeq', [0])
      expect(info.finalized).toBe(false)
    } finally {
      await net.close()
    }
  }, 60_000)

  test('behavior: a sharded pair of nodes each gets its own segments, and the download reads from both', async () => {
    const net = await network({
      nodes: [
        { shardId: 0, numShard: 2 },
        { shardId: 1, numShard: 2 },
      ],
    })
    try {
      const data = randomBytes(5 * SEGMENT_SIZE, 92)
      const storage = storageFor(net, { expectedReplica: 1 })
      const { root } = await storage.upload(data)
      // Five segments from flow entry 0: node 0 keeps 0, 2, 4 and node 1 keeps 1, 3 (one request each).
      expect(net.nodes.map((node) => node.stats.uploadRequests)).toEqual([1, 1])
      expect(firstDifference(await bytesOf(await storage.download(root)), data)).toBe(-1)
    } finally {
      await net.close()
    }
  }, 60_000)

  test('behavior: downloads move on from a node that serves a corrupted segment or drops out', async () => {
    const net = await network()
    try {
      const data = randomBytes(4 * SEGMENT_SIZE + 77, 93)
      const storage = storageFor(net)
      const { root } = await storage.upload(data)
      net.nodes[0]!.knobs.corrupt = true
      expect(firstDifference(await bytesOf(await storage.download(root)), data)).toBe(-1)
      net.nodes[0]!.knobs.corrupt = false
      net.nodes[1]!.knobs.down = true
      expect(firstDifference(await bytesOf(await storage.download(root)), data)).toBe(-1)
      net.nodes[0]!.knobs.corrupt = true
      const error = await bytesOf(await storage.download(root)).catch((e: unknown) => e)
      expect(error).toMatchObject({
        code: 'STORAGE_ROOT_MISMATCH',
        shortMessage: 'No 0G node served a segment that matches the root.',
        details: 'segment 0: validation failed, STORAGE_UNAVAILABLE',
      })
    } finally {
      await net.close()
    }
  }, 60_000)

  test('error: a missing root is STORAGE_NOT_FOUND; a size other than the caller knows is STORAGE_SIZE_MISMATCH', async () => {
    const net = await network()
    try {
      const storage = storageFor(net)
      await expect(storage.download(`0x${'00'.repeat(32)}`)).rejects.toMatchObject({
        code: 'STORAGE_NOT_FOUND',
      })
      const { root } = await storage.upload(new Uint8Array(5000).fill(7))
      await expect(storage.download(root, { size: 5001 })).rejects.toMatchObject({
        code: 'STORAGE_SIZE_MISMATCH',
        details: 'stored 5000, expected 5001 bytes',
      })
    } finally {
      await net.close()
    }
  }, 60_000)

  test('error: no wallet, a reverting Flow, empty input, nodes that never see the submission, an aborted upload', async () => {
    const net = await network()
    const blind = await network({ flowAddress: revertingFlow })
    try {
      await expect(storageFor(net, { wallet: undefined }).upload(new Uint8Array([1]))).rejects.toMatchObject({
        code: 'STORAGE_ZEROG_FAILED',
        shortMessage: 'Uploading to 0G needs a wallet.',
      })
      await expect(
        storageFor(net, { flowAddress: revertingFlow }).upload(new Uint8Array([1])),
      ).rejects.toMatchObject({ code: 'STORAGE_ZEROG_FAILED' })
      await expect(storageFor(net).upload(new Uint8Array(0))).rejects.toMatchObject({ code: 'STORAGE_EMPTY' })
      await expect(
        storageFor(blind, { logEntryTimeoutMs: 300 }).upload(new Uint8Array([2])),
      ).rejects.toMatchObject({
        code: 'STORAGE_TIMEOUT',
        shortMessage: '0G storage nodes did not see the submission in time.',
      })
      const controller = new AbortController()
      controller.abort()
      await expect(
        storageFor(net).upload(new Uint8Array([3]), { signal: controller.signal }),
      ).rejects.toMatchObject({ code: 'STORAGE_ABORTED' })
    } finally {
      await net.close()
      await blind.close()
    }
  }, 60_000)

  test('behavior: uploads survive a node that drops out for a while; an abort mid-upload is STORAGE_ABORTED', async () => {
    const net = await network()
    try {
      const data = randomBytes(6 * SEGMENT_SIZE, 95)
      let dropped = false
      const result = await storageFor(net, { concurrency: 1, segmentsPerRequest: 1 }).upload(data, {
        onProgress: () => {
          if (dropped) return
          dropped = true
          net.nodes[1]!.knobs.down = true
          setTimeout(() => {
            net.nodes[1]!.knobs.down = false
          }, 200)
        },
      })
      expect(dropped).toBe(true)
      for (const node of net.nodes) expect(firstDifference(node.stored(result.root)!, data)).toBe(-1)

      const controller = new AbortController()
      const other = randomBytes(6 * SEGMENT_SIZE, 96)
      await expect(
        storageFor(net, { concurrency: 1, segmentsPerRequest: 1 }).upload(other, {
          signal: controller.signal,
          onProgress: () => controller.abort(),
        }),
      ).rejects.toMatchObject({ code: 'STORAGE_ABORTED' })
    } finally {
      await net.close()
    }
  }, 60_000)

  test('behavior: a Flow answering NotEnoughFee is priced again and tried once more', async () => {
    const net = await network({ flowAddress: pricedOutFlow })
    try {
      let attempts = 0
      const counting = createWalletClient({
        account,
        chain: anvil.chain,
        transport: http(anvil.rpcUrl, {
          onFetchRequest: (_request, init) => {
            // viem prepares each transaction with one request carrying the submit calldata (selector 0xbc8c11f8).
            if (String(init.body).includes('"data":"0xbc8c11f8')) attempts++
          },
        }),
      })
      const error = await storageFor(net, { flowAddress: pricedOutFlow, wallet: counting })
        .upload(new Uint8Array([4]))
        .catch((e: unknown) => e)
      expect(error).toMatchObject({
        code: 'STORAGE_ZEROG_FAILED',
        shortMessage: 'The 0G Flow submission failed.',
      })
      expect(isNotEnoughFee(error)).toBe(true)
      expect(attempts).toBe(2)
    } finally {
      await net.close()
    }
  }, 60_000)

  test('error: the fake node refuses what a real node refuses, with its error shapes', async () => {
    const net = await startFakeZerogNetwork({ nodes: [{ shardId: 0, numShard: 1 }] })
    try {
      const data = randomBytes(2 * SEGMENT_SIZE + 300, 94)
      const { root } = await zgRoot(data)
      const layout = zgSegmentLayout(data.length)
      const roots: Hex[] = []
      for (let i = 0; i < layout.proofSegments; i++)
        roots.push(
          await zgSegmentRoot(
            data.subarray(i * SEGMENT_SIZE, i * SEGMENT_SIZE + layout.wireBytes(i)),
            layout.proofBytes(i),
          ),
        )
      const tree = zgSegmentProofTree(roots)
      expect(tree.root).toBe(root)
      const seq = net.submit(root, data.length)
      const url = net.nodes[0]!.url
      const segment = (index: number, bytes: Uint8Array, extra: object = {}) => ({
        root,
        data: Buffer.from(bytes).toString('base64'),
        index,
        proof: tree.proof(index),
        fileSize: data.length,
        ...extra,
      })
      const send = (segments: object[]) => zerogRpc(url, 'zgs_uploadSegmentsByTxSeq', [segments, seq])
      const tampered = data.slice(0, SEGMENT_SIZE)
      tampered[5]! ^= 1
      await expect(send([segment(0, tampered)])).rejects.toMatchObject({
        rpcCode: -32602,
        rpcMessage: 'Invalid params: proof',
        rpcData: 'validation failed',
      })
      await expect(send([segment(1, data.subarray(0, SEGMENT_SIZE))])).rejects.toMatchObject({
        rpcData: 'validation failed',
      })
      await expect(
        send([segment(0, data.subarray(0, SEGMENT_SIZE), { proof: tree.proof(1) })]),
      ).rejects.toMatchObject({
        rpcData: 'validation failed',
      })
      // The last segment travels padded to whole chunks: 300 bytes → 512.
      await expect(send([segment(2, data.subarray(2 * SEGMENT_SIZE))])).rejects.toMatchObject({
        rpcMessage: 'Invalid params: data',
        rpcData: 'invalid data length',
      })
      await expect(send([segment(0, data.subarray(0, SEGMENT_SIZE), { fileSize: 1 })])).rejects.toMatchObject(
        {
          rpcMessage: 'Invalid params: file_size',
          rpcData: 'segment file size not matched with tx file size',
        },
      )
      await expect(send([segment(2, new Uint8Array(SEGMENT_SIZE), { index: 3 })])).rejects.toMatchObject({
        rpcData: 'index out of bound',
      })
      const last = new Uint8Array(512)
      last.set(data.subarray(2 * SEGMENT_SIZE))
      expect(
        await send(
          [0, 1]
            .map((i) => segment(i, data.subarray(i * SEGMENT_SIZE, (i + 1) * SEGMENT_SIZE)))
            .concat(segment(2, last)),
        ),
      ).toBe(null)
      await expect(send([segment(2, last)])).rejects.toMatchObject({
        rpcCode: -32602,
        rpcMessage: 'Invalid params: root',
        rpcData: 'already uploaded and finalized',
      })
      net.nodes[0]!.knobs.busy = 1
      await expect(send([segment(2, last)])).rejects.toMatchObject({
        rpcCode: -32000,
        rpcMessage: 'too many data writing: 0',
      })
    } finally {
      await net.close()
    }
  })
})
