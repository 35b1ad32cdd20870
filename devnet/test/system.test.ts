// System tests: the whole devnet (anvil, DataPolicy, storage node, dev TEE, indexer, provider node, orchestrator)
// as separate processes, driven through the programs and sdk calls a user makes. Every test ends with all
// credits withdrawn and every party's balance checked to the wei.

import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createChainReleaseKeySources, verifyReleaseKey } from '@licen/attestation-policy'
import { devMockRootCa } from '@licen/attestation-policy/dev-tee/anchor'
import { graphqlRequest, waitForIndexedBlock } from '@licen/indexer'
import {
  createLocalStorage,
  dataPolicyAbi,
  FINAL_JOB_STATES,
  fetchProviderJob,
  RELEASE_KEY_STATUSES,
  readJobEvents,
  writeDataPolicy,
} from '@licen/sdk'
import { generateSyntheticJsonl } from '@licen/synthetic-data'
import { advanceChainTime } from '@licen/testing'
import { type Hex, parseEther } from 'viem'
import { getContractEvents, readContract } from 'viem/actions'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { auditDemoJob, demoPolicy, publishAs, requestAs, waitForState } from '../src/demo/actors.js'
import { devAccount } from '../src/dev/accounts.js'
import { DEVNET_PROVIDER_PRICE } from '../src/dev/agents.js'
import type { DevnetInfo } from '../src/dev/devnetInfo.js'
import { devnetReleaseKey } from '../src/dev/releaseKey.js'
import { LOCAL_POLLING, publicClientFor, walletFor } from '../src/dev/wallets.js'
import type { Devnet } from '../src/startDevnet.js'
import { startTestDevnet, type TestDevnet } from '../src/startTestDevnet.js'
import { deltas, gasOf, snapshot, withdrawAll } from './balances.js'
import { demo, licen, licenAttest } from './processes.js'

const ROYALTY = parseEther('0.002')
const PRICE = DEVNET_PROVIDER_PRICE
const SMALL = 6_000

let testDevnet: TestDevnet
let work: string
let devnet: Devnet
let info: DevnetInfo

beforeAll(async () => {
  testDevnet = await startTestDevnet({ prefix: 'licen-system-', keepLines: 4000 })
  devnet = testDevnet.devnet
  work = testDevnet.workDir
  info = devnet.info
}, 240_000)

afterAll(async () => {
  await testDevnet?.stop()
  if (testDevnet?.unexpected() || process.env.LICEN_SYSTEM_LOGS) console.log(testDevnet.logTail(200))
}, 60_000)

const RELEASE_KEY_ACTIVE = RELEASE_KEY_STATUSES.indexOf('Active')
const RELEASE_KEY_RETIRED = RELEASE_KEY_STATUSES.indexOf('Retired')

/**
 * Verifies release key `keyId` as the app and `licen release-key` do: on chain, its evidence in storage (a quote from
 * the orchestrator's dev TEE binding this chain, contract and key) under the orchestrator policy, not the provider's.
 */
async function expectAttested(keyId: number, publicKey: Hex, allowRetired = false): Promise<void> {
  const verdict = await verifyReleaseKey(
    createChainReleaseKeySources({
      client: publicClientFor(info.rpcUrl),
      chainId: info.chainId,
      dataPolicy: info.dataPolicy,
      fromBlock: BigInt(info.deploymentBlock),
      storage: createLocalStorage({ url: info.urls.storage }),
    }),
    { keyId, allowRetired, devMockRootCa: devMockRootCa() },
  )
  expect(verdict).toMatchObject({
    verified: true,
    keyId,
    publicKey,
    policyHash: info.orchestratorPolicy.hash,
    policy: { name: 'local-orchestrator', trustAnchor: 'dev-mock' },
  })
  expect(verdict.checks.filter((check) => check.status !== 'pass')).toEqual([])
}

/** Waits until the job's provider reports training steps. */
async function untilTraining(endpoint: string, jobId: bigint): Promise<void> {
  const deadline = Date.now() + 120_000
  for (;;) {
    const status = await fetchProviderJob({ endpoint, jobId }).catch(() => undefined)
    if (status?.status.state === 'Training' && (status.status.step ?? 0) > 0) return
    if (Date.now() > deadline)
      throw new Error(`job ${jobId} never trained: ${JSON.stringify(status?.status)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Counts a contract event's logs for one job. */
async function eventCount(
  eventName: 'JobStarted' | 'JobCompleted' | 'JobFailed',
  jobId: bigint,
): Promise<number> {
  const logs = await getContractEvents(publicClientFor(info.rpcUrl), {
    address: info.dataPolicy,
    abi: dataPolicyAbi,
    eventName,
    args: { jobId },
    fromBlock: 0n,
  } as never)
  return logs.length
}

const events = (jobId: bigint) =>
  readJobEvents(publicClientFor(info.rpcUrl), {
    address: info.dataPolicy,
    jobId,
    fromBlock: BigInt(info.deploymentBlock),
  })

describe('system', () => {
  test('default: full lifecycle through the licen CLI, audited with licen-attest, balances to the wei', async () => {
    const data = join(work, 'data.jsonl')
    await writeFile(data, generateSyntheticJsonl({ bytes: SMALL, seed: 1, recipe: 'demo' }))
    const network = ['--config', join(info.dataDir, 'config.json')]
    const published = await licen(
      [
        'publish',
        data,
        '--name',
        'System set',
        '--royalty',
        '0.002',
        '--attestation-policy',
        info.policy.hash,
        '--dev-account',
        '1',
        ...network,
        '--json',
      ],
      work,
    )
    expect(published).toMatchObject({
      code: 0,
      json: { ok: true, owner: devAccount('owner').address, royaltyPerEpoch: ROYALTY.toString() },
    })
    const datasetRoot = (published.json as { datasetRoot: Hex }).datasetRoot

    const roles = ['owner', 'researcher', 'operator'] as const
    const before = await snapshot(info, roles)
    const requested = await licen(
      [
        'request',
        datasetRoot,
        '--provider',
        String(info.providerId),
        '--epochs',
        '2',
        '--dev-account',
        '2',
        ...network,
        '--json',
      ],
      work,
    )
    const escrow = 2n * (ROYALTY + PRICE)
    expect(requested).toMatchObject({
      code: 0,
      json: { ok: true, escrow: escrow.toString(), requester: devAccount('researcher').address },
    })
    const jobId = BigInt((requested.json as { jobId: string }).jobId)

    const status = await licen(
      ['status', String(jobId), '--wait', '--timeout', '240', ...network, '--json'],
      work,
    )
    expect(status).toMatchObject({
      code: 0,
      json: {
        ok: true,
        state: 'Completed',
        epochs: 2,
        actualEpochs: 2,
        royaltyPaid: (2n * ROYALTY).toString(),
        providerPaid: (2n * PRICE).toString(),
        fee: '0',
        refund: '0',
        policyHash: info.policy.hash,
        training: { state: 'Finished', receipts: 2 },
      },
    })

    const out = join(work, 'adapter')
    const downloaded = await licen(
      ['download', String(jobId), '--out', out, '--dev-account', '2', ...network, '--json'],
      work,
    )
    expect(downloaded).toMatchObject({ code: 0, json: { ok: true, epochs: 2 } })
    const model = await readFile(join(out, 'adapter_model.safetensors'))
    const json = downloaded.json as { adapterSha256: string; files: { name: string; sha256: string }[] }
    expect(createHash('sha256').update(model).digest('hex')).toBe(json.adapterSha256)
    expect(json.files.map((file) => file.name)).toEqual([
      'adapter_config.json',
      'adapter_model.safetensors',
      'licen_receipts.json',
    ])

    // The provider node goes away with the job it held in memory: the researcher still downloads and verifies,
    // from the chain (receipts head, epochs, enclave signer) and the receipts inside the result alone.
    await devnet.supervisor.stopPart('provider')
    let offline: Awaited<ReturnType<typeof licen>>
    try {
      await expect(fetchProviderJob({ endpoint: info.urls.provider, jobId })).rejects.toMatchObject({
        code: 'PROVIDER_UNREACHABLE',
      })
      offline = await licen(
        [
          'download',
          String(jobId),
          '--out',
          join(work, 'adapter-offline'),
          '--dev-account',
          '2',
          ...network,
          '--json',
        ],
        work,
      )
    } finally {
      // The later tests use the node.
      await devnet.supervisor.startPart('provider')
    }
    expect(offline).toMatchObject({
      code: 0,
      json: { ok: true, epochs: 2, files: json.files, adapterSha256: json.adapterSha256 },
    })
    expect(await readFile(join(work, 'adapter-offline', 'licen_receipts.json'))).toEqual(
      await readFile(join(out, 'licen_receipts.json')),
    )
    // The restarted node no longer knows the job; its receipts live on in the result.
    await expect(fetchProviderJob({ endpoint: info.urls.provider, jobId })).rejects.toMatchObject({
      code: 'PROVIDER_JOB_NOT_FOUND',
    })
    // Another account's result key cannot open it.
    const stranger = await licen(
      ['download', String(jobId), '--out', join(work, 'x'), '--dev-account', '6', ...network, '--json'],
      work,
    )
    expect(stranger).toMatchObject({ code: 1, json: { ok: false, error: { code: 'CLI_NOT_REQUESTER' } } })

    const audit = await licenAttest(
      [
        'job',
        String(jobId),
        '--rpc',
        info.rpcUrl,
        '--deployment',
        info.deploymentFile,
        '--storage',
        info.urls.storage,
        '--json',
      ],
      work,
    )
    expect(audit.code).toBe(0)
    expect(JSON.parse(audit.stdout)).toMatchObject({
      jobId: String(jobId),
      ok: true,
      verdict: { ok: true, policyHash: info.policy.hash },
    })

    // The indexer saw the same settlement.
    const settled = (await events(jobId)).completed!
    await waitForIndexedBlock({ url: info.urls.indexer, blockNumber: settled.blockNumber })
    const indexed = await graphqlRequest<{ job: { state: string; ownerAmount: string; refund: string } }>({
      url: info.urls.graphql,
      query: `{ job(id: "${jobId}") { state ownerAmount refund } }`,
    })
    expect(indexed.job).toEqual({ state: 'Completed', ownerAmount: (2n * ROYALTY).toString(), refund: '0' })

    const withdrawn = await withdrawAll(info, roles)
    const after = await snapshot(info, roles)
    const requestReceipt = await publicClientFor(info.rpcUrl).getTransactionReceipt({
      hash: (requested.json as { transactionHash: Hex }).transactionHash,
    })
    expect(deltas(before, after)).toEqual({
      owner: 2n * ROYALTY - gasOf(withdrawn.get('owner')),
      researcher: -escrow - gasOf(requestReceipt),
      operator: 2n * PRICE - gasOf(withdrawn.get('operator')),
    })
    expect(after.contract).toBe(before.contract)
    expect([...after.credits.values()]).toEqual([0n, 0n, 0n])
  }, 300_000)

  test('behavior: pnpm demo --json against the running devnet ends Completed with auditOk', async () => {
    const contractBefore = await publicClientFor(info.rpcUrl).getBalance({ address: info.dataPolicy })
    const result = await demo(
      ['--json', '--data-dir', info.dataDir, '--size', String(SMALL), '--epochs', '2'],
      work,
    )
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(`using the running devnet (pid ${process.pid})`)
    expect(result.json).toMatchObject({
      state: 'Completed',
      epochs: 2,
      actualEpochs: 2,
      royaltyPaid: (2n * ROYALTY).toString(),
      providerPaid: (2n * PRICE).toString(),
      refund: '0',
      auditOk: true,
      releaseKeyVerified: true,
    })
    // The audit also verified the release key that opened the demo's dataset: the chain's current one.
    const [currentKeyId] = (await readContract(publicClientFor(info.rpcUrl), {
      address: info.dataPolicy,
      abi: dataPolicyAbi,
      functionName: 'currentReleaseKey',
    })) as readonly [number, unknown]
    expect((result.json as { releaseKeyId: number }).releaseKeyId).toBe(currentKeyId)
    const { grantToRunningMs, requestToCompletedMs, adapterSha256 } = result.json as Record<string, unknown>
    expect([typeof grantToRunningMs, typeof requestToCompletedMs]).toEqual(['number', 'number'])
    expect(adapterSha256).toMatch(/^[0-9a-f]{64}$/)
    await withdrawAll(info, ['owner', 'operator', 'researcher'])
    // Every wei the demo escrowed was paid out: the contract holds what it held before.
    expect(await publicClientFor(info.rpcUrl).getBalance({ address: info.dataPolicy })).toBe(contractBefore)
  }, 300_000)

  test('behavior: provider crash mid-training → Failed (PROVIDER_UNREACHABLE), full refund', async () => {
    const dataset = await publishAs({
      info,
      role: 'owner',
      jsonl: generateSyntheticJsonl({ bytes: SMALL, seed: 2, recipe: 'demo' }),
      name: 'Crash set',
      policy: demoPolicy(info),
    })
    const roles = ['owner', 'researcher', 'operator'] as const
    const before = await snapshot(info, roles)
    const job = await requestAs({
      info,
      role: 'researcher',
      datasetRoot: dataset.datasetRoot,
      providerId: info.providerId,
      epochs: 3,
    })
    await untilTraining(info.urls.provider, job.jobId)
    expect(await devnet.supervisor.killPart('provider', 'SIGKILL')).toBe('killed by SIGKILL')
    const { job: failed } = await waitForState({
      info,
      jobId: job.jobId,
      states: ['Failed', 'Completed', 'Reclaimed'],
      timeoutMs: 120_000,
    })
    expect(failed.stateName).toBe('Failed')
    expect((await events(job.jobId)).failed).toMatchObject({
      code: 'PROVIDER_UNREACHABLE',
      byEnclave: false,
      refund: job.escrow,
    })
    await devnet.supervisor.startPart('provider')

    const withdrawn = await withdrawAll(info, roles)
    const after = await snapshot(info, roles)
    expect(deltas(before, after)).toEqual({
      owner: 0n,
      researcher: -gasOf(job.receipt) - gasOf(withdrawn.get('researcher')),
      operator: 0n,
    })
    expect(after.contract).toBe(before.contract)
  }, 300_000)

  test('behavior: orchestrator killed right after startJob and restarted → the job completes once', async () => {
    const dataset = await publishAs({
      info,
      role: 'owner',
      jsonl: generateSyntheticJsonl({ bytes: SMALL, seed: 3, recipe: 'demo' }),
      name: 'Restart set',
      policy: demoPolicy(info),
    })
    const roles = ['owner', 'researcher', 'operator'] as const
    const before = await snapshot(info, roles)
    const { supervisor, context } = devnet
    const nextJob = await publicClientFor(info.rpcUrl).readContract({
      address: info.dataPolicy,
      abi: dataPolicyAbi,
      functionName: 'nextJobId',
    })
    // The orchestrator SIGKILLs itself once its startJob transaction is sent, before it records that.
    context.extraEnv.orchestrator.LICEN_ORCHESTRATOR_FAULT_KILL_AT = `startJob:effect:${nextJob}`
    await supervisor.stopPart('orchestrator')
    await supervisor.startPart('orchestrator')
    supervisor.expectExit('orchestrator')
    const job = await requestAs({
      info,
      role: 'researcher',
      datasetRoot: dataset.datasetRoot,
      providerId: info.providerId,
      epochs: 2,
    })
    expect(job.jobId).toBe(nextJob)
    await waitForState({ info, jobId: job.jobId, states: ['Running'], timeoutMs: 60_000 })
    const deadline = Date.now() + 30_000
    while (supervisor.isRunning('orchestrator') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50))
    expect(supervisor.isRunning('orchestrator')).toBe(false)
    delete context.extraEnv.orchestrator.LICEN_ORCHESTRATOR_FAULT_KILL_AT
    await supervisor.startPart('orchestrator')
    const { job: done } = await waitForState({
      info,
      jobId: job.jobId,
      states: FINAL_JOB_STATES,
      timeoutMs: 180_000,
    })
    expect(done.stateName).toBe('Completed')
    expect([
      await eventCount('JobStarted', job.jobId),
      await eventCount('JobCompleted', job.jobId),
      await eventCount('JobFailed', job.jobId),
    ]).toEqual([1, 1, 0])
    expect((await events(job.jobId)).completed).toMatchObject({
      actualEpochs: 2,
      ownerAmount: 2n * ROYALTY,
      providerAmount: 2n * PRICE,
      refund: 0n,
    })

    const withdrawn = await withdrawAll(info, roles)
    const after = await snapshot(info, roles)
    expect(deltas(before, after)).toEqual({
      owner: 2n * ROYALTY - gasOf(withdrawn.get('owner')),
      researcher: -job.escrow - gasOf(job.receipt),
      operator: 2n * PRICE - gasOf(withdrawn.get('operator')),
    })
    expect(after.contract).toBe(before.contract)
  }, 300_000)

  test('behavior: delisting blocks new grants and the release of a granted job (DATASET_DELISTED, full refund)', async () => {
    const dataset = await publishAs({
      info,
      role: 'owner',
      jsonl: generateSyntheticJsonl({ bytes: SMALL, seed: 4, recipe: 'demo' }),
      name: 'Delisted set',
      policy: demoPolicy(info),
    })
    const roles = ['owner', 'researcher', 'operator'] as const
    const before = await snapshot(info, roles)
    await devnet.supervisor.stopPart('orchestrator')
    const job = await requestAs({
      info,
      role: 'researcher',
      datasetRoot: dataset.datasetRoot,
      providerId: info.providerId,
      epochs: 2,
    })
    const { receipt: delisted } = await writeDataPolicy(walletFor(info.rpcUrl, 'owner'), {
      address: info.dataPolicy,
      functionName: 'setDatasetActive',
      args: [dataset.datasetRoot, false],
      ...LOCAL_POLLING,
    })
    await expect(
      requestAs({
        info,
        role: 'secondResearcher',
        datasetRoot: dataset.datasetRoot,
        providerId: info.providerId,
        epochs: 1,
      }),
    ).rejects.toMatchObject({ code: 'DATA_POLICY_DATASET_INACTIVE' })
    await devnet.supervisor.startPart('orchestrator')
    const { job: failed } = await waitForState({
      info,
      jobId: job.jobId,
      states: ['Failed', 'Running', 'Completed'],
      timeoutMs: 60_000,
    })
    expect(failed.stateName).toBe('Failed')
    const recorded = await events(job.jobId)
    expect(recorded.started).toBeUndefined()
    expect(recorded.failed).toMatchObject({ code: 'DATASET_DELISTED', byEnclave: false, refund: job.escrow })

    const withdrawn = await withdrawAll(info, roles)
    const after = await snapshot(info, roles)
    expect(deltas(before, after)).toEqual({
      owner: -gasOf(delisted),
      researcher: -gasOf(job.receipt) - gasOf(withdrawn.get('researcher')),
      operator: 0n,
    })
    expect(after.contract).toBe(before.contract)
  }, 300_000)

  test('behavior: two owners and two researchers in parallel, each paid exactly', async () => {
    const policyA = demoPolicy(info)
    const policyB = demoPolicy(info, { royaltyPerEpoch: parseEther('0.003') })
    const [a, b] = await Promise.all([
      publishAs({
        info,
        role: 'owner',
        jsonl: generateSyntheticJsonl({ bytes: SMALL, seed: 5, recipe: 'demo' }),
        name: 'Set A',
        policy: policyA,
      }),
      publishAs({
        info,
        role: 'secondOwner',
        jsonl: generateSyntheticJsonl({ bytes: SMALL, seed: 6, recipe: 'demo' }),
        name: 'Set B',
        policy: policyB,
      }),
    ])
    const roles = ['owner', 'secondOwner', 'researcher', 'secondResearcher', 'operator'] as const
    const before = await snapshot(info, roles)
    const [jobA, jobB] = await Promise.all([
      requestAs({
        info,
        role: 'researcher',
        datasetRoot: b.datasetRoot,
        providerId: info.providerId,
        epochs: 1,
      }),
      requestAs({
        info,
        role: 'secondResearcher',
        datasetRoot: a.datasetRoot,
        providerId: info.providerId,
        epochs: 2,
      }),
    ])
    const finals = await Promise.all(
      [jobA, jobB].map((job) =>
        waitForState({
          info,
          jobId: job.jobId,
          states: FINAL_JOB_STATES,
          timeoutMs: 240_000,
        }),
      ),
    )
    expect(finals.map(({ job }) => job.stateName)).toEqual(['Completed', 'Completed'])
    const [settledA, settledB] = await Promise.all([events(jobA.jobId), events(jobB.jobId)])
    expect(settledA.completed).toMatchObject({
      actualEpochs: 1,
      ownerAmount: policyB.royaltyPerEpoch,
      providerAmount: PRICE,
      refund: 0n,
    })
    expect(settledB.completed).toMatchObject({
      actualEpochs: 2,
      ownerAmount: 2n * policyA.royaltyPerEpoch,
      providerAmount: 2n * PRICE,
      refund: 0n,
    })

    const withdrawn = await withdrawAll(info, roles)
    const after = await snapshot(info, roles)
    expect(deltas(before, after)).toEqual({
      owner: 2n * policyA.royaltyPerEpoch - gasOf(withdrawn.get('owner')),
      secondOwner: policyB.royaltyPerEpoch - gasOf(withdrawn.get('secondOwner')),
      researcher: -jobA.escrow - gasOf(jobA.receipt),
      secondResearcher: -jobB.escrow - gasOf(jobB.receipt),
      operator: 3n * PRICE - gasOf(withdrawn.get('operator')),
    })
    expect(after.contract).toBe(before.contract)
  }, 300_000)

  test("behavior: the release key comes from the orchestrator's dev TEE, is attested in storage and registered; rotated to v2, a v1 dataset re-sealed with licen reseal, all keys train", async () => {
    const client = publicClientFor(info.rpcUrl)
    const read = <T>(functionName: string, args: readonly unknown[]) =>
      readContract(client, {
        address: info.dataPolicy,
        abi: dataPolicyAbi,
        functionName,
        args,
      } as never) as Promise<T>
    type OnChainKey = { publicKey: Hex; evidenceRef: Hex; policyHash: Hex; status: number }
    const v1 = devnetReleaseKey(1)
    const v2 = devnetReleaseKey(2)
    expect(v2.publicKey).not.toBe(v1.publicKey)

    // v1: derived in the orchestrator's own dev TEE (its compose, not the provider's), registered by the admin.
    expect(info.releasePublicKey).toBe(v1.publicKey)
    expect(info.releaseKeyId).toBe(1)
    const [currentId, current] = await read<[number, OnChainKey]>('currentReleaseKey', [])
    expect([currentId, current.publicKey, current.policyHash, current.status]).toEqual([
      1,
      v1.publicKey,
      info.orchestratorPolicy.hash,
      RELEASE_KEY_ACTIVE,
    ])
    await expectAttested(1, v1.publicKey)

    // Two datasets sealed to v1 before the rotation: one is re-sealed to v2, the other stays on (retired) v1.
    const roles = ['owner', 'researcher', 'operator'] as const
    const old = await publishAs({
      info,
      role: 'owner',
      jsonl: generateSyntheticJsonl({ bytes: SMALL, seed: 11, recipe: 'demo' }),
      name: 'Sealed to v1',
      policy: demoPolicy(info),
    })
    const kept = await publishAs({
      info,
      role: 'owner',
      jsonl: generateSyntheticJsonl({ bytes: SMALL, seed: 13, recipe: 'demo' }),
      name: 'Sealed to v1, kept',
      policy: demoPolicy(info),
    })

    // Rotation: the orchestrator derives v2 as well (keeping v1), the admin registers v2 and retires v1.
    devnet.context.releaseKeyVersions = [1, 2]
    await devnet.supervisor.stopPart('orchestrator')
    await devnet.supervisor.startPart('orchestrator')
    expect(devnet.context.releasePublicKey).toBe(v2.publicKey)
    expect(devnet.context.releaseKeyId).toBe(2)
    await writeDataPolicy(walletFor(info.rpcUrl, 'admin'), {
      address: info.dataPolicy,
      functionName: 'retireReleaseKey',
      args: [1],
      ...LOCAL_POLLING,
    })
    const [rotatedId, rotated] = await read<[number, OnChainKey]>('currentReleaseKey', [])
    expect([rotatedId, rotated.publicKey, rotated.status]).toEqual([2, v2.publicKey, RELEASE_KEY_ACTIVE])
    expect((await read<OnChainKey>('getReleaseKey', [1])).status).toBe(RELEASE_KEY_RETIRED)
    await expectAttested(2, v2.publicKey)
    await expectAttested(1, v1.publicKey, true)
    // The orchestrator serves both keys, v2 current; its view reads the chain again within a few seconds.
    const servedView = async () => {
      const served = (await (await fetch(`${info.urls.orchestrator}/v1/release-key`)).json()) as {
        publicKey: Hex
        keyId: number
        keys: { version: number; keyId: number; status: string }[]
      }
      return [served.publicKey, served.keyId, served.keys.map((key) => [key.version, key.keyId, key.status])]
    }
    const expected = [
      v2.publicKey,
      2,
      [
        [1, 1, 'Retired'],
        [2, 2, 'Active'],
      ],
    ]
    const viewDeadline = Date.now() + 10_000
    while (JSON.stringify(await servedView()) !== JSON.stringify(expected) && Date.now() < viewDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    expect(await servedView()).toEqual(expected)

    const fresh = await publishAs({
      info: { ...info, releasePublicKey: v2.publicKey },
      role: 'owner',
      jsonl: generateSyntheticJsonl({ bytes: SMALL, seed: 12, recipe: 'demo' }),
      name: 'Sealed to v2',
      policy: demoPolicy(info),
    })
    expect([old.releaseKeyId, kept.releaseKeyId, fresh.releaseKeyId]).toEqual([1, 1, 2])

    // `licen release-key` against the devnet's config verifies the current (v2) key.
    const network = ['--config', join(info.dataDir, 'config.json')]
    const releaseKey = await licen(['release-key', ...network, '--json'], work)
    expect(releaseKey.code).toBe(0)
    expect(releaseKey.json).toMatchObject({
      verified: true,
      keyId: 2,
      publicKey: v2.publicKey,
      policyHash: info.orchestratorPolicy.hash,
      status: 'Active',
    })

    // The owner re-seals the old v1 dataset to v2 from its owner envelope: a new manifest, the data untouched.
    const resealed = await licen(
      ['reseal', old.datasetRoot, '--dev-account', '1', ...network, '--json'],
      work,
    )
    expect(resealed.code).toBe(0)
    expect(resealed.json).toMatchObject({
      datasetRoot: old.datasetRoot,
      owner: devAccount('owner').address,
      previousKeyId: 1,
      previousReleasePublicKey: v1.publicKey,
      previousManifestHash: old.manifestHash,
      keyId: 2,
      releasePublicKey: v2.publicKey,
      evidenceRef: rotated.evidenceRef,
    })
    const resealedJson = resealed.json as { manifestHash: Hex; policyVersion: number }
    expect(resealedJson.manifestHash).not.toBe(old.manifestHash)
    expect(await read<Hex>('manifestAt', [old.datasetRoot, resealedJson.policyVersion])).toBe(
      resealedJson.manifestHash,
    )

    const before = await snapshot(info, roles)
    // One researcher wallet: its requests go one after another (each its own nonce); the jobs then run together.
    const jobs: Awaited<ReturnType<typeof requestAs>>[] = []
    for (const dataset of [old, kept, fresh])
      jobs.push(
        await requestAs({
          info,
          role: 'researcher',
          datasetRoot: dataset.datasetRoot,
          providerId: info.providerId,
          epochs: 1,
        }),
      )
    const finals = await Promise.all(
      jobs.map((job) =>
        waitForState({ info, jobId: job.jobId, states: FINAL_JOB_STATES, timeoutMs: 240_000 }),
      ),
    )
    expect(finals.map(({ job }) => job.stateName)).toEqual(['Completed', 'Completed', 'Completed'])
    // Each job's audit names the release key that opened its dataset: v2 for the re-sealed and the fresh one,
    // retired v1 for the one never re-sealed; each verifies.
    const audits = await Promise.all(jobs.map((job) => auditDemoJob({ info, jobId: job.jobId })))
    expect(
      audits.map((audit) => [
        audit.ok,
        audit.releaseKey.keyId,
        audit.releaseKey.publicKey,
        audit.releaseKey.ok,
      ]),
    ).toEqual([
      [true, 2, v2.publicKey, true],
      [true, 1, v1.publicKey, true],
      [true, 2, v2.publicKey, true],
    ])

    const withdrawn = await withdrawAll(info, roles)
    const after = await snapshot(info, roles)
    const royalty = demoPolicy(info).royaltyPerEpoch
    expect(deltas(before, after)).toEqual({
      owner: 3n * royalty - gasOf(withdrawn.get('owner')),
      researcher: jobs.reduce((sum, job) => sum - job.escrow - gasOf(job.receipt), 0n),
      operator: 3n * PRICE - gasOf(withdrawn.get('operator')),
    })
    expect(after.contract).toBe(before.contract)
  }, 500_000)

  test('behavior: orchestrator absent → the researcher reclaims the whole escrow after the deadline', async () => {
    const dataset = await publishAs({
      // The release key the devnet holds now (an earlier test may have rotated it past the one `info` names).
      info: { ...info, releasePublicKey: devnet.context.releasePublicKey },
      role: 'owner',
      jsonl: generateSyntheticJsonl({ bytes: SMALL, seed: 7, recipe: 'demo' }),
      name: 'Reclaim set',
      policy: demoPolicy(info, { sessionTtl: 60 }),
    })
    const roles = ['owner', 'researcher', 'operator'] as const
    const before = await snapshot(info, roles)
    await devnet.supervisor.stopPart('orchestrator')
    const job = await requestAs({
      info,
      role: 'researcher',
      datasetRoot: dataset.datasetRoot,
      providerId: info.providerId,
      epochs: 2,
    })
    const researcher = walletFor(info.rpcUrl, 'researcher')
    await expect(
      writeDataPolicy(researcher, {
        address: info.dataPolicy,
        functionName: 'reclaim',
        args: [job.jobId],
        ...LOCAL_POLLING,
      }),
    ).rejects.toMatchObject({ code: 'DATA_POLICY_DEADLINE_NOT_REACHED' })
    // Last test: moving this throwaway chain's clock past the deadline affects nothing after it.
    await advanceChainTime(info.rpcUrl, 61)
    const { receipt: reclaimed } = await writeDataPolicy(researcher, {
      address: info.dataPolicy,
      functionName: 'reclaim',
      args: [job.jobId],
      ...LOCAL_POLLING,
    })
    const recorded = await events(job.jobId)
    expect(recorded.reclaimed).toMatchObject({ caller: devAccount('researcher').address, refund: job.escrow })
    expect(recorded.started).toBeUndefined()

    const withdrawn = await withdrawAll(info, roles)
    const after = await snapshot(info, roles)
    expect(deltas(before, after)).toEqual({
      owner: 0n,
      researcher: -gasOf(job.receipt) - gasOf(reclaimed) - gasOf(withdrawn.get('researcher')),
      operator: 0n,
    })
    expect(after.contract).toBe(before.contract)
    expect(testDevnet.unexpected()).toBeUndefined()
  }, 300_000)
})
