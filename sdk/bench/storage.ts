// `pnpm bench:storage [--mib 64] [--faults] [--json]`
// 0G Storage through the faithful fake network (anvil + stand-in Flow + fake node and indexer on 127.0.0.1):
// our adapter's upload and download against the 0G SDK's own uploader and downloader on the same fake, same size.
// Each phase runs in its own process so its peak RSS is its own. Upload time includes hashing on both sides.
// --faults: our side only, two replicas: node 0 answers back-pressure to its first 16 writes, node 1 drops out for
// a second mid-upload, and node 0 serves corrupted segments during the download.
import { spawn } from 'node:child_process'
import { openAsBlob } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { anvilPrivateKeys, startAnvil } from '@licen/contracts'
import { benchUsage } from '@licen/testing'
import { type Address, createPublicClient, createWalletClient, type Hex, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { createZerogStorage } from '../src/storage/zerog/createZerogStorage.js'
import { deployFakeFlow } from '../src/storage/zerog/testing/fakeFlow.js'
import { startFakeZerogNetwork } from '../src/storage/zerog/testing/fakeZerogNetwork.js'
import { zgRoot } from '../src/zgRoot/zgRoot.js'

type Context = {
  rpcUrl: string
  flow: Address
  indexerUrl: string
  nodeUrl: string
  file: string
  root: Hex
  replicas: number
}
type Phase = 'ours-upload' | 'ours-download' | 'sdk-upload' | 'sdk-download'
type Result = { phase: Phase; seconds: number; mibPerSecond: number; peakRssMiB: number; note?: string }

const PRICE = 1_000_000_000n

function parseArgs(argv: readonly string[]) {
  const options = { mib: 64, json: false, faults: false, phase: undefined as Phase | undefined }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--') continue
    if (arg === '--json') options.json = true
    else if (arg === '--faults') options.faults = true
    else if (arg === '--mib') options.mib = Number(argv[++i])
    else if (arg === '--phase') options.phase = argv[++i] as Phase
    else throw new Error(`unknown argument ${arg}`)
  }
  if (!Number.isInteger(options.mib) || options.mib < 1 || options.mib > 4096)
    throw new Error('--mib takes a whole number of MiB in 1..4096')
  return options
}

function pseudoRandom(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size)
  let x = seed >>> 0 || 1
  for (let i = 0; i < size; i += 4) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    bytes[i] = x
    bytes[i + 1] = x >>> 8
    bytes[i + 2] = x >>> 16
    bytes[i + 3] = x >>> 24
  }
  return bytes
}

/** One phase, in a child process. */
async function runPhase(phase: Phase, context: Context, mib: number): Promise<Result> {
  const blob = await openAsBlob(context.file)
  const chain = { ...foundry, rpcUrls: { default: { http: [context.rpcUrl] } } }
  const publicClient = createPublicClient({ chain, transport: http(context.rpcUrl), pollingInterval: 100 })
  const started = performance.now()
  let note: string | undefined
  if (phase === 'ours-upload' || phase === 'ours-download') {
    const storage = createZerogStorage({
      indexerUrl: context.indexerUrl,
      flowAddress: context.flow,
      publicClient,
      wallet: createWalletClient({
        account: privateKeyToAccount(anvilPrivateKeys[1]!),
        chain,
        transport: http(context.rpcUrl),
      }),
      pollMs: 100,
      expectedReplica: context.replicas,
    })
    if (phase === 'ours-upload') {
      let events = 0
      const { root } = await storage.upload(blob, { onProgress: () => events++ })
      if (root !== context.root) throw new Error('root mismatch')
      note = `${events} progress events`
    } else {
      const reader = (await storage.download(context.root, { size: blob.size })).getReader()
      let bytes = 0
      for (let next = await reader.read(); !next.done; next = await reader.read()) bytes += next.value.length
      if (bytes !== blob.size) throw new Error('size mismatch')
      note = 'proofs checked per segment, root checked at the end'
    }
  } else {
    const log = console.log
    console.log = () => {}
    try {
      const sdk = await import('@0gfoundation/0g-ts-sdk')
      const { JsonRpcProvider } = await import('ethers')
      if (phase === 'sdk-upload') {
        const flow = sdk.getFlowContract(context.flow, new JsonRpcProvider(context.rpcUrl) as never)
        const uploader = new sdk.Uploader([new sdk.StorageNode(context.nodeUrl)], context.rpcUrl, flow)
        const [result, error] = await uploader.uploadFile(new sdk.Blob(blob as File), {
          skipTx: true,
          expectedReplica: 1,
        })
        if (error) throw error
        if (result.rootHash.toLowerCase() !== context.root) throw new Error('root mismatch')
        note = 'SDK Uploader, skipTx (transaction submitted beforehand), its own hashing'
      } else {
        const indexer = new sdk.Indexer(context.indexerUrl)
        const [downloaded, error] = await indexer.downloadToBlob(context.root, { proof: true })
        if (error) throw error
        if (downloaded.size !== blob.size) throw new Error('size mismatch')
        note =
          'SDK Indexer.downloadToBlob: its proof flag is ignored (no proof or root check), whole file in memory'
      }
    } finally {
      console.log = log
    }
  }
  const seconds = (performance.now() - started) / 1000
  return {
    phase,
    seconds: Number(seconds.toFixed(2)),
    mibPerSecond: Number((mib / seconds).toFixed(1)),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    ...(note ? { note } : {}),
  }
}

function child(phase: Phase, context: Context, mib: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--phase', phase, '--mib', String(mib)],
      {
        env: { ...process.env, BENCH_STORAGE_CONTEXT: JSON.stringify(context) },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    let out = ''
    proc.stdout.on('data', (chunk) => {
      out += chunk
    })
    proc.on('error', reject)
    proc.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? ''
      if (code !== 0) return reject(new Error(`${phase} exited with ${code}: ${last}`))
      resolve(JSON.parse(last) as Result)
    })
  })
}

async function main() {
  benchUsage(process.argv.slice(2), 'Usage: pnpm bench:storage [--mib 64] [--faults] [--json]', [
    '--mib',
    '--faults',
    '--json',
    '--phase',
  ])
  const options = parseArgs(process.argv.slice(2))
  if (options.phase) {
    const context = JSON.parse(process.env.BENCH_STORAGE_CONTEXT!) as Context
    process.stdout.write(`${JSON.stringify(await runPhase(options.phase, context, options.mib))}\n`)
    return
  }
  const anvil = await startAnvil()
  const dir = await mkdtemp(join(tmpdir(), 'licen-bench-storage-'))
  try {
    const publicClient = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) })
    const account = privateKeyToAccount(anvilPrivateKeys[0]!)
    const flow = await deployFakeFlow(
      createWalletClient({ account, chain: foundry, transport: http(anvil.rpcUrl) }),
      publicClient,
      PRICE,
    )
    const net = await startFakeZerogNetwork({
      publicClient,
      flowAddress: flow,
      nodes: Array.from({ length: options.faults ? 2 : 1 }, () => ({ shardId: 0, numShard: 1 })),
    })
    try {
      const size = options.mib * 1024 * 1024
      const results: Result[] = []
      // Different bytes per side, so neither finds the other's upload finalized.
      const sides = options.faults
        ? ([['ours', 1]] as const)
        : ([
            ['ours', 1],
            ['sdk', 2],
          ] as const)
      for (const [side, seed] of sides) {
        const bytes = pseudoRandom(size, seed)
        const file = join(dir, `${side}.bin`)
        await writeFile(file, bytes)
        const { root } = await zgRoot(bytes)
        // The SDK uploader is run with skipTx: the log entry exists before it starts (ours submits on chain).
        if (side === 'sdk') net.submit(root, size)
        const context: Context = {
          rpcUrl: anvil.rpcUrl,
          flow,
          indexerUrl: net.indexerUrl,
          nodeUrl: net.nodes[0]!.url,
          file,
          root,
          replicas: options.faults ? 2 : 1,
        }
        // Node 1 drops out for a second once the upload is under way (node 0 has taken 24 write requests).
        let watcher: NodeJS.Timeout | undefined
        if (options.faults) {
          net.nodes[0]!.knobs.busy = 16
          watcher = setInterval(() => {
            if (net.nodes[0]!.stats.uploadRequests < 24) return
            clearInterval(watcher)
            net.nodes[1]!.knobs.down = true
            setTimeout(() => {
              net.nodes[1]!.knobs.down = false
            }, 1000)
          }, 20)
        }
        results.push(await child(`${side}-upload`, context, options.mib))
        clearInterval(watcher)
        if (net.nodes[1]) net.nodes[1].knobs.down = false
        if (options.faults) net.nodes[0]!.knobs.corrupt = true
        results.push(await child(`${side}-download`, context, options.mib))
      }
      if (options.json) process.stdout.write(`${JSON.stringify({ mib: options.mib, results })}\n`)
      else {
        process.stdout.write(
          `0G storage through the fake network, ${options.mib} MiB (${net.nodes.length} node(s), 127.0.0.1${options.faults ? ', faults' : ''})\n`,
        )
        for (const r of results)
          process.stdout.write(
            `${r.phase.padEnd(14)} ${String(r.seconds).padStart(7)} s ${String(r.mibPerSecond).padStart(7)} MiB/s  peak RSS ${r.peakRssMiB} MiB${r.note ? `  (${r.note})` : ''}\n`,
          )
        for (const [i, node] of net.nodes.entries())
          process.stdout.write(
            `fake node ${i}: max ${node.stats.maxInFlight} upload requests in flight, ${node.stats.busyAnswers} back-pressure answers, ${node.stats.downloads} downloads served\n`,
          )
      }
    } finally {
      await net.close()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
    await anvil.stop()
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
