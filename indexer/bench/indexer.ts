// `pnpm bench:indexer`: time to index 10,000 DataPolicy events from block 0, and live latency from a
// transaction to its effect in GraphQL (p50/p95), for PGlite and Postgres side by side in one run.
//
// The chain: anvil, DataPolicy, then exactly 10,000 events (deployment and 4 admin calls, 100 providers, 1,000
// datasets, 187 policy updates, 2,900 jobs granted, started and completed with enclave signatures, 8
// withdrawals), packed into blocks by phase and buried under 64 empty blocks so Ponder backfills all of it
// historically. Each run reverts the chain to that snapshot and starts a fresh indexer. Env: LICEN_BENCH_LIVE_SAMPLES (default 40),
// LICEN_BENCH_VERBOSE=1 prints Ponder's log.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { anvilPrivateKeys, deployDataPolicy, startAnvil } from '@licen/contracts'
import {
  dataPolicyAbi,
  dataPolicyDomainName,
  dataPolicyDomainVersion,
  dataPolicyTypes,
} from '@licen/contracts/abi'
import { policyRoleValue } from '@licen/sdk'
import { benchUsage, hasPostgres, startPostgres } from '@licen/testing'
import {
  type Address,
  createPublicClient,
  encodeFunctionData,
  type Hex,
  http,
  keccak256,
  stringToHex,
  toHex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { graphqlRequest } from '../src/graphqlRequest.js'
import { startIndexer } from '../src/startIndexer.js'
import { waitForIndexedBlock } from '../src/waitForIndexedBlock.js'
import { writeDeploymentFile } from '../test/deploymentFile.js'

benchUsage(
  process.argv.slice(2),
  'Usage: pnpm bench:indexer   (env: LICEN_BENCH_LIVE_SAMPLES=40, LICEN_BENCH_VERBOSE=1)',
  [],
)
const liveSamples = Number(process.env.LICEN_BENCH_LIVE_SAMPLES ?? 40)
const verbose = process.env.LICEN_BENCH_VERBOSE === '1'
const accounts = anvilPrivateKeys.map((key) => privateKeyToAccount(key).address)
const [admin, orchestrator, ownerA, ownerB, operatorA, operatorB, ...researchers] = accounts as [
  Address,
  Address,
  Address,
  Address,
  Address,
  Address,
  ...Address[],
]
const treasury = researchers.pop()!
const enclaveKey = keccak256(stringToHex('bench-enclave'))
const enclave = privateKeyToAccount(enclaveKey)
const label = (text: string) => keccak256(stringToHex(text))

const anvil = await startAnvil()
const rpc = async <result>(method: string, params: unknown[] = []): Promise<result> => {
  const response = await fetch(anvil.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await response.json()) as { result?: result; error?: { message: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message}`)
  return body.result as result
}

const dir = mkdtempSync(join(tmpdir(), 'licen-bench-'))
try {
  const deployment = await deployDataPolicy({ rpcUrl: anvil.rpcUrl, privateKey: anvilPrivateKeys[0] })
  const address = deployment.address
  const deploymentFile = writeDeploymentFile(dir, deployment)
  const chainId = deployment.chainId

  // --- Build the 10,000-event history, one phase per batch of blocks. ---
  const nonces = new Map<Address, number>()
  for (const account of accounts)
    nonces.set(account, await rpc<number>('eth_getTransactionCount', [account, 'pending']).then(Number))
  type Call = { from: Address; functionName: string; args: unknown[]; value?: bigint }
  const phase = async (name: string, calls: Call[]) => {
    await rpc('evm_setAutomine', [false])
    for (let i = 0; i < calls.length; i += 500) {
      const batch = calls.slice(i, i + 500).map((call, j) => {
        const nonce = nonces.get(call.from)!
        nonces.set(call.from, nonce + 1)
        const data = encodeFunctionData({
          abi: dataPolicyAbi,
          functionName: call.functionName,
          args: call.args,
        } as never)
        return {
          jsonrpc: '2.0',
          id: i + j,
          method: 'eth_sendTransaction',
          params: [
            {
              from: call.from,
              to: address,
              data,
              gas: toHex(600_000),
              nonce: toHex(nonce),
              value: toHex(call.value ?? 0n),
            },
          ],
        }
      })
      const response = await fetch(anvil.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(batch),
      })
      const answers = (await response.json()) as { error?: { message: string } }[]
      const failed = answers.find((a) => a.error)
      if (failed) throw new Error(`${name}: ${failed.error!.message}`)
    }
    let blocks = 0
    let failed = 0
    for (;;) {
      const { pending } = await rpc<{ pending: string }>('txpool_status')
      if (Number(pending) === 0) break
      await rpc('evm_mine')
      blocks++
      const receipts = await rpc<{ status: Hex }[]>('eth_getBlockReceipts', ['latest'])
      failed += receipts.filter((receipt) => receipt.status !== '0x1').length
    }
    await rpc('evm_setAutomine', [true])
    if (failed > 0) throw new Error(`${name}: ${failed} of ${calls.length} transactions reverted`)
    console.log(`  ${name}: ${calls.length} transactions in ${blocks} blocks`)
  }

  const generationStart = performance.now()
  await rpc('evm_setBlockGasLimit', [toHex(300_000_000)])
  const policyHash = label('bench-attestation-policy')
  await phase('admin', [
    {
      from: admin,
      functionName: 'setAttestationPolicy',
      args: [policyHash, true, 'ipfs://bench', policyRoleValue.provider],
    },
    {
      from: admin,
      functionName: 'setAttestationPolicy',
      args: [label('bench-other-policy'), true, 'ipfs://other', policyRoleValue.provider],
    },
    { from: admin, functionName: 'setOrchestrator', args: [orchestrator, true] },
    { from: admin, functionName: 'setProtocolFee', args: [100, treasury] },
  ])
  const providers = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, price: 100n + BigInt(i) }))
  const datasets = Array.from({ length: 1_000 }, (_, i) => label(`bench-dataset-${i}`))
  const policy = (royalty: bigint) => ({
    royaltyPerEpoch: royalty,
    maxEpochsPerJob: 4,
    maxActiveJobsPerRequester: 100,
    sessionTtl: 86_400,
    expiry: 0,
    allowedPurposes: 0b11111,
    attestationPolicy: policyHash,
  })
  await phase('registrations', [
    ...providers.map((p) => ({
      from: p.id % 2 ? operatorA : operatorB,
      functionName: 'registerProvider',
      args: [`https://provider-${p.id}.example`, p.price],
    })),
    ...datasets.map((root, i) => ({
      from: i % 2 ? ownerA : ownerB,
      functionName: 'registerDataset',
      args: [root, label(`bench-manifest-${i}`), policy(1_000n)],
    })),
  ])
  const updated = datasets.slice(0, 187)
  await phase(
    'policy updates',
    updated.map((root) => ({
      from: datasets.indexOf(root) % 2 ? ownerA : ownerB,
      functionName: 'updatePolicy',
      args: [root, policy(2_000n)],
    })),
  )
  const royaltyOf = (root: Hex) => (updated.includes(root) ? 2_000n : 1_000n)
  const requests = Array.from({ length: 2_900 }, (_, i) => ({
    root: datasets[i % datasets.length]!,
    provider: providers[i % providers.length]!,
    researcher: researchers[i % researchers.length]!,
    epochs: 2,
  }))
  await phase(
    'grants',
    requests.map((request, i) => ({
      from: request.researcher,
      functionName: 'requestAccess',
      args: [request.root, 0, request.epochs, request.provider.id, `0x02${label(`key-${i}`).slice(2)}`],
      value: (royaltyOf(request.root) + request.provider.price) * BigInt(request.epochs),
    })),
  )
  // Senders interleave in the block as the node orders them, so job ids come from the chain.
  const client = createPublicClient({ transport: http(anvil.rpcUrl) })
  const granted = await client.getContractEvents({
    address,
    abi: dataPolicyAbi,
    eventName: 'AccessGranted',
    fromBlock: 0n,
  })
  const jobs = granted.map((log, i) => ({
    id: log.args.jobId!,
    root: log.args.datasetRoot!,
    actual: i % 2 ? 1 : 2,
  }))
  await phase(
    'starts',
    jobs.map((job) => ({
      from: orchestrator,
      functionName: 'startJob',
      args: [job.id, enclave.address, label(`quote-${job.id}`), policyHash],
    })),
  )
  const completions: Call[] = []
  for (const job of jobs) {
    const manifest = {
      jobId: job.id,
      datasetRoot: job.root,
      resultRoot: label(`result-${job.id}`),
      codeHash: label('bench-runtime'),
      attestationRef: label(`quote-${job.id}`),
      actualEpochs: job.actual,
      receiptsHead: label(`receipts-${job.id}`),
    }
    const signature = await enclave.signTypedData({
      domain: {
        name: dataPolicyDomainName,
        version: dataPolicyDomainVersion,
        chainId,
        verifyingContract: address,
      },
      primaryType: 'ResultManifest',
      types: dataPolicyTypes,
      message: manifest,
    })
    completions.push({
      from: orchestrator,
      functionName: 'confirmTrainingComplete',
      args: [job.id, job.actual, manifest.resultRoot, manifest.receiptsHead, manifest.codeHash, signature],
    })
  }
  await phase('completions', completions)
  await phase(
    'withdrawals',
    [ownerA, ownerB, operatorA, operatorB, treasury, ...researchers].map((from) => ({
      from,
      functionName: 'withdraw',
      args: [],
    })),
  )
  await rpc('anvil_mine', [toHex(64)])
  const head = BigInt(await rpc<Hex>('eth_blockNumber'))
  const logs = await rpc<unknown[]>('eth_getLogs', [{ address, fromBlock: '0x0', toBlock: 'latest' }])
  if (logs.length !== 10_000) throw new Error(`expected 10000 events, the chain has ${logs.length}`)
  console.log(
    `history: ${logs.length} events up to block ${head} in ${((performance.now() - generationStart) / 1000).toFixed(1)} s`,
  )

  // --- Measure each backend on a fresh indexer over the same chain. ---
  type Result = {
    label: string
    startupS: number
    backfillS: number
    totalS: number
    rssMiB: number
    p50: number
    p95: number
  }
  const results: Result[] = []
  let snapshot = await rpc<Hex>('evm_snapshot')
  const runs: { label: string; pollingIntervalMs: number; postgres: boolean }[] = [
    { label: 'PGlite, polling 1000 ms', pollingIntervalMs: 1_000, postgres: false },
    { label: 'PGlite, polling 100 ms', pollingIntervalMs: 100, postgres: false },
  ]
  if (hasPostgres())
    runs.push({ label: 'Postgres 15, polling 1000 ms', pollingIntervalMs: 1_000, postgres: true })
  else console.log('Postgres (initdb, pg_ctl) not found: Postgres run skipped')

  for (const run of runs) {
    await rpc('evm_revert', [snapshot])
    snapshot = await rpc<Hex>('evm_snapshot')
    const postgres = run.postgres ? await startPostgres() : undefined
    const dataDir = mkdtempSync(join(tmpdir(), 'licen-bench-pglite-'))
    let listeningAt = 0
    let backfillMs = 0
    const spawnedAt = performance.now()
    const indexer = await startIndexer({
      deploymentFile,
      rpcUrl: anvil.rpcUrl,
      ...(postgres ? { databaseUrl: postgres.url } : { dataDir }),
      pollingIntervalMs: run.pollingIntervalMs,
      readyTimeoutMs: 600_000,
      onLog: (line) => {
        if (verbose) console.log(`    ${line}`)
        if (line.startsWith('INFO Created HTTP server')) listeningAt = performance.now()
        const match = /^INFO Completed backfill indexing across all chains duration=([\d.]+)/.exec(line)
        if (match) backfillMs = Number(match[1])
      },
    })
    try {
      const readyAt = performance.now()
      const { activityEvents } = await graphqlRequest<{ activityEvents: { totalCount: number } }>({
        url: indexer.graphqlUrl,
        query: '{ activityEvents { totalCount } }',
      })
      if (activityEvents.totalCount !== 10_000)
        throw new Error(`indexed ${activityEvents.totalCount} events, expected 10000`)
      const rssMiB =
        Number(
          /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${indexer.process.pid}/status`, 'utf8'))?.[1] ?? 0,
        ) / 1024

      await waitForIndexedBlock({ url: indexer.url, blockNumber: head })
      const latencies: number[] = []
      for (let i = 0; i < liveSamples; i++) {
        const endpoint = `https://live-${i}.example`
        const sentAt = performance.now()
        await rpc('eth_sendTransaction', [
          {
            from: operatorA,
            to: address,
            data: encodeFunctionData({
              abi: dataPolicyAbi,
              functionName: 'updateProvider',
              args: [1, endpoint, 100n],
            }),
          },
        ])
        for (;;) {
          const { provider } = await graphqlRequest<{ provider: { endpoint: string } }>({
            url: indexer.graphqlUrl,
            query: '{ provider(id: "1") { endpoint } }',
          })
          if (provider.endpoint === endpoint) break
          await new Promise((r) => setTimeout(r, 5))
        }
        latencies.push(performance.now() - sentAt)
        // Spread sends over the polling period so samples do not lock onto its phase.
        await new Promise((r) => setTimeout(r, (i * 37) % 250))
      }
      latencies.sort((a, b) => a - b)
      const quantile = (q: number) =>
        latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]!
      results.push({
        label: run.label,
        startupS: (listeningAt - spawnedAt) / 1000,
        backfillS: backfillMs / 1000,
        totalS: (readyAt - spawnedAt) / 1000,
        rssMiB,
        p50: quantile(0.5),
        p95: quantile(0.95),
      })
    } finally {
      await indexer.stop()
      await postgres?.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }

  console.log('\nindexing 10,000 events from block 0, then live latency tx → GraphQL')
  console.log(
    `${'run'.padEnd(30)} ${'start→listen s'.padStart(14)} ${'backfill s'.padStart(10)} ${'start→ready s'.padStart(13)} ${'events/s'.padStart(9)} ${'peak RSS MiB'.padStart(12)} ${'live p50 ms'.padStart(11)} ${'live p95 ms'.padStart(11)}`,
  )
  for (const r of results) {
    console.log(
      `${r.label.padEnd(30)} ${r.startupS.toFixed(1).padStart(14)} ${r.backfillS.toFixed(1).padStart(10)} ${r.totalS.toFixed(1).padStart(13)} ${Math.round(
        10_000 / r.backfillS,
      )
        .toString()
        .padStart(
          9,
        )} ${r.rssMiB.toFixed(0).padStart(12)} ${r.p50.toFixed(0).padStart(11)} ${r.p95.toFixed(0).padStart(11)}`,
    )
  }
  console.log(`(live: ${liveSamples} samples each; backfill = Ponder's own "Completed backfill" duration)`)
} finally {
  await anvil.stop()
  rmSync(dir, { recursive: true, force: true })
}
