import { readFileSync } from 'node:fs'
import { StorageNode } from '@0gfoundation/0g-ts-sdk'
import { type Anvil, anvilPrivateKeys, startAnvil } from '@licen/contracts'
import {
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  numberToHex,
  type PublicClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { SEGMENT_SIZE } from '../../zgRoot/constants.js'
import { firstDifference } from '../../zgRoot/testing/firstDifference.js'
import { randomBytes } from '../../zgRoot/testing/randomBytes.js'
import { zgRoot } from '../../zgRoot/zgRoot.js'
import { createZerogStorage, type ZerogIndexer, type ZerogNode } from './createZerogStorage.js'
import { encodeFlowSubmit } from './submitToFlow.js'
import { startFakeStorageNode } from './testing/fakeStorageNode.js'
import { zgSubmission } from './zgSubmission.js'

// The 0G network is unreachable here. The chain half runs for real on anvil against two tiny contracts: a
// "market" whose every call returns the price, and a "flow" whose every call returns the market address (so
// `market()` works and `submit` is accepted and recorded as a transaction). The storage nodes and indexer are
// an in-memory stand-in that can tamper with downloads.
const PRICE = 1_000_000_000n

/** Init code deploying a contract that returns `word` (32 bytes) to any call. */
function constantContract(word: Hex): Hex {
  const runtime = `7f${word.slice(2).padStart(64, '0')}60005260206000f3`
  const length = (runtime.length / 2).toString(16).padStart(2, '0')
  return `0x60${length}80600b6000396000f3${runtime}`
}
const REVERTING: Hex = '0x6005600c60003960056000f360006000fd'

let anvil: Anvil
let publicClient: PublicClient
let chain: Chain
let flow: Address
let revertingFlow: Address
const account = privateKeyToAccount(anvilPrivateKeys[0]!)

async function deploy(data: Hex): Promise<Address> {
  const wallet = createWalletClient({ account, chain, transport: http(anvil.rpcUrl) })
  const hash = await wallet.sendTransaction({ data })
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  return receipt.contractAddress!
}

beforeAll(async () => {
  anvil = await startAnvil()
  chain = defineChain({
    id: 31_337,
    name: 'anvil',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [anvil.rpcUrl] } },
  })
  publicClient = createPublicClient({ chain, transport: http(anvil.rpcUrl), pollingInterval: 50 })
  const market = await deploy(constantContract(numberToHex(PRICE, { size: 32 })))
  flow = await deploy(constantContract(`0x${market.slice(2).padStart(64, '0')}`))
  revertingFlow = await deploy(REVERTING)
}, 60_000)
afterAll(async () => {
  await anvil?.stop()
})

function fakeNetwork(options: { tamper?: boolean } = {}) {
  const files = new Map<string, Uint8Array>()
  const submitted = new Set<string>()
  const node: ZerogNode = {
    getFileInfo: async (root) =>
      submitted.has(root) ? { finalized: files.has(root), tx: { seq: 1 } } : null,
  }
  const indexer: ZerogIndexer = {
    getFileLocations: async (root) => (files.has(root) ? [{ url: 'node' }] : []),
    selectNodes: async () => [[node], null],
    downloadToBlob: async (root) => {
      const bytes = files.get(root)
      if (!bytes) return [new Blob(), new Error('not found')]
      const served = bytes.slice()
      if (options.tamper) served[served.length - 1]! ^= 1
      return [new Blob([served]), null]
    },
  }
  return { files, submitted, indexer }
}

function storageFor(network: ReturnType<typeof fakeNetwork>, flowAddress: Address, withWallet = true) {
  return createZerogStorage({
    indexerUrl: 'http://indexer.invalid',
    evmRpcUrl: anvil.rpcUrl,
    flowAddress,
    publicClient,
    wallet: withWallet ? createWalletClient({ account, chain, transport: http(anvil.rpcUrl) }) : undefined,
    indexer: network.indexer,
    workers: 0,
    logEntryTimeoutMs: 5000,
    uploadSegments: async ({ blob, root }) => {
      network.files.set(root, new Uint8Array(await blob.arrayBuffer()))
    },
  })
}

describe('createZerogStorage', () => {
  test('default: upload pays price × sectors to the pinned Flow with our calldata, then downloads verified', async () => {
    const network = fakeNetwork()
    // Storage nodes see the submission as soon as it is mined.
    const unwatch = publicClient.watchBlocks({
      onBlock: async (block) => {
        for (const hash of block.transactions) {
          const tx = await publicClient.getTransaction({ hash })
          if (tx.to?.toLowerCase() === flow.toLowerCase()) network.submitted.add(expectedRoot)
        }
      },
      pollingInterval: 50,
    })
    const data = new Uint8Array(
      readFileSync(new URL('../../zgRoot/fixtures/zgFile-example.md.txt', import.meta.url)),
    )
    const expectedRoot = '0x95034699d3a494d05642ba74ab7f07fc318070df588c8adc42a81168880cad9a'
    const before = await publicClient.getBlockNumber()
    const storage = storageFor(network, flow)
    const result = await storage.upload(data)
    unwatch()
    expect(result).toEqual({ root: expectedRoot, size: 20_182 })

    const block = await publicClient.getBlock({ blockNumber: before + 1n, includeTransactions: true })
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

    expect(await storage.has(expectedRoot)).toBe(true)
    const back = new Uint8Array(await new Response(await storage.download(expectedRoot)).arrayBuffer())
    expect(firstDifference(back, data)).toBe(-1)
    // Already stored: a second upload sends no transaction.
    const blocks = await publicClient.getBlockNumber()
    expect(await storage.upload(data)).toEqual(result)
    expect(await publicClient.getBlockNumber()).toBe(blocks)
  }, 60_000)

  test('error: a download that does not hash to the root errors the stream', async () => {
    const network = fakeNetwork({ tamper: true })
    const data = new Uint8Array(5000).fill(7)
    const { root } = await zgRoot(data)
    network.files.set(root, data)
    const stream = await storageFor(network, flow).download(root)
    await expect(new Response(stream).arrayBuffer()).rejects.toMatchObject({ code: 'STORAGE_ROOT_MISMATCH' })
    await expect(storageFor(network, flow).download(`0x${'00'.repeat(32)}`)).rejects.toMatchObject({
      code: 'STORAGE_ZEROG_FAILED',
    })
  })

  test('error: no wallet, a reverting Flow, empty input, nodes that never see the submission', async () => {
    const network = fakeNetwork()
    await expect(storageFor(network, flow, false).upload(new Uint8Array([1]))).rejects.toMatchObject({
      code: 'STORAGE_ZEROG_FAILED',
      shortMessage: 'Uploading to 0G needs a wallet.',
    })
    await expect(storageFor(network, revertingFlow).upload(new Uint8Array([1]))).rejects.toMatchObject({
      code: 'STORAGE_ZEROG_FAILED',
    })
    await expect(storageFor(network, flow).upload(new Uint8Array(0))).rejects.toMatchObject({
      code: 'STORAGE_EMPTY',
    })
    await expect(storageFor(network, flow).upload(new Uint8Array([2]))).rejects.toMatchObject({
      code: 'STORAGE_TIMEOUT',
    })
  }, 30_000)

  test('behavior: the 0G SDK uploader sends every segment with a proof from our segment tree', async () => {
    // The SDK logs every step to the console; keep test output readable.
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    const node = await startFakeStorageNode()
    try {
      const data = randomBytes(5 * SEGMENT_SIZE + 1000, 77)
      const { root } = await zgRoot(data)
      node.announce(root, data.length)
      const indexer: ZerogIndexer = {
        getFileLocations: async () => [],
        selectNodes: async () => [[new StorageNode(node.url)], null],
        downloadToBlob: async () => [new Blob(), new Error('unused')],
      }
      const storage = createZerogStorage({
        indexerUrl: 'http://indexer.invalid',
        evmRpcUrl: anvil.rpcUrl,
        flowAddress: flow,
        publicClient,
        wallet: createWalletClient({ account, chain, transport: http(anvil.rpcUrl) }),
        indexer,
        logEntryTimeoutMs: 5000,
      })
      expect(await storage.upload(data)).toEqual({ root, size: data.length })
      expect(node.rejected).toEqual([])
      expect(firstDifference(node.stored(root)!, data)).toBe(-1)
    } finally {
      log.mockRestore()
      await node.close()
    }
  }, 60_000)

  test('error: the stand-in node refuses a segment whose bytes or proof do not match', async () => {
    const node = await startFakeStorageNode()
    try {
      const data = randomBytes(2 * SEGMENT_SIZE, 78)
      const { root } = await zgRoot(data)
      node.announce(root, data.length)
      const client = new StorageNode(node.url)
      const segment = (bytes: Uint8Array, lemma: string[]) => ({
        root,
        data: Buffer.from(bytes).toString('base64'),
        index: 0,
        proof: { lemma, path: [true] },
        fileSize: data.length,
      })
      const [left, right] = [
        await zgRoot(data.subarray(0, SEGMENT_SIZE)),
        await zgRoot(data.subarray(SEGMENT_SIZE)),
      ]
      await expect(
        client.uploadSegmentsByTxSeq(
          [segment(data.subarray(0, SEGMENT_SIZE), [left.root, right.root, root])] as never,
          7,
        ),
      ).resolves.toBe(0)
      const tampered = data.slice(0, SEGMENT_SIZE)
      tampered[5]! ^= 1
      await expect(
        client.uploadSegmentsByTxSeq([segment(tampered, [left.root, right.root, root])] as never, 7),
      ).rejects.toThrow('segment bytes do not match the proof leaf')
      await expect(
        client.uploadSegmentsByTxSeq(
          [segment(data.subarray(0, SEGMENT_SIZE), [left.root, left.root, root])] as never,
          7,
        ),
      ).rejects.toThrow('proof does not fold to the root')
    } finally {
      await node.close()
    }
  })
})
