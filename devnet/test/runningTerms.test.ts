// System test (#17 item 7c): while a job is Running, the owner delists the dataset and updates its policy and the
// admin changes the protocol fee; the job still completes and settles on the terms it was granted under (royalty
// and fee as at grant, to the wei), and a new request on the delisted dataset is refused with the contract's
// error. Its own devnet (the whole system as separate processes), like system.test.ts.

import { FINAL_JOB_STATES, fetchProviderJob, readJobEvents, writeDataPolicy } from '@licen/sdk'
import { generateSyntheticJsonl } from '@licen/synthetic-data'
import { parseEther } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { demoPolicy, publishAs, requestAs, waitForState } from '../src/demo/actors.js'
import { devAccount } from '../src/dev/accounts.js'
import { DEVNET_PROVIDER_PRICE } from '../src/dev/agents.js'
import type { DevnetInfo } from '../src/dev/devnetInfo.js'
import { LOCAL_POLLING, publicClientFor, walletFor } from '../src/dev/wallets.js'
import type { Devnet } from '../src/startDevnet.js'
import { startTestDevnet, type TestDevnet } from '../src/startTestDevnet.js'
import { deltas, gasOf, snapshot, withdrawAll } from './balances.js'

const GRANT_FEE_BPS = 300
const LATER_FEE_BPS = 900
const EPOCHS = 3

let testDevnet: TestDevnet
let devnet: Devnet
let info: DevnetInfo

beforeAll(async () => {
  testDevnet = await startTestDevnet({ prefix: 'licen-running-terms-', keepLines: 4000 })
  devnet = testDevnet.devnet
  info = devnet.info
}, 240_000)

afterAll(async () => {
  await testDevnet?.stop()
  if (testDevnet?.unexpected() || process.env.LICEN_SYSTEM_LOGS) console.log(testDevnet.logTail(200))
}, 60_000)

/** Waits until the job's provider reports training steps (the key was handed over). */
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

const write = (
  role: 'admin' | 'owner',
  call:
    | { functionName: 'setProtocolFee'; args: readonly [number, `0x${string}`] }
    | { functionName: 'setDatasetActive'; args: readonly [`0x${string}`, boolean] }
    | { functionName: 'updatePolicy'; args: readonly [`0x${string}`, ReturnType<typeof demoPolicy>] },
) =>
  writeDataPolicy(walletFor(info.rpcUrl, role), {
    address: info.dataPolicy,
    ...call,
    ...LOCAL_POLLING,
  } as never).then(({ receipt }) => receipt)

describe('system: terms of a Running job', () => {
  test('behavior: delisting, a policy update and a fee change while Running → the job completes on its granted terms, to the wei; new requests are refused (DataPolicy__DatasetInactive)', async () => {
    const granted = demoPolicy(info)
    const dataset = await publishAs({
      info,
      role: 'owner',
      jsonl: generateSyntheticJsonl({ bytes: 24_000, seed: 17, recipe: 'demo' }),
      name: 'Terms set',
      policy: granted,
    })
    // The admin is the treasury: its balance change carries the protocol fee.
    const roles = ['owner', 'researcher', 'operator', 'admin'] as const
    const before = await snapshot(info, roles)
    const treasury = devAccount('admin').address
    const feeAtGrant = await write('admin', {
      functionName: 'setProtocolFee',
      args: [GRANT_FEE_BPS, treasury],
    })
    const job = await requestAs({
      info,
      role: 'researcher',
      datasetRoot: dataset.datasetRoot,
      providerId: info.providerId,
      epochs: EPOCHS,
    })
    expect(job.escrow).toBe(BigInt(EPOCHS) * (granted.royaltyPerEpoch + DEVNET_PROVIDER_PRICE))

    // Running, the key with the provider; the orchestrator is stopped so nothing settles meanwhile.
    await untilTraining(info.urls.provider, job.jobId)
    await devnet.supervisor.stopPart('orchestrator')
    const { job: running } = await waitForState({
      info,
      jobId: job.jobId,
      states: ['Running'],
      timeoutMs: 5_000,
    })
    expect(running.stateName).toBe('Running')

    const delisted = await write('owner', {
      functionName: 'setDatasetActive',
      args: [dataset.datasetRoot, false],
    })
    const newPolicy = demoPolicy(info, { royaltyPerEpoch: parseEther('0.01'), maxEpochsPerJob: 2 })
    const updated = await write('owner', {
      functionName: 'updatePolicy',
      args: [dataset.datasetRoot, newPolicy],
    })
    const feeLater = await write('admin', { functionName: 'setProtocolFee', args: [LATER_FEE_BPS, treasury] })
    expect(
      (await waitForState({ info, jobId: job.jobId, states: ['Running'], timeoutMs: 5_000 })).job.stateName,
    ).toBe('Running')
    await expect(
      requestAs({
        info,
        role: 'secondResearcher',
        datasetRoot: dataset.datasetRoot,
        providerId: info.providerId,
        epochs: 1,
      }),
    ).rejects.toMatchObject({
      code: 'DATA_POLICY_DATASET_INACTIVE',
      errorName: 'DataPolicy__DatasetInactive',
      args: [dataset.datasetRoot],
    })

    await devnet.supervisor.startPart('orchestrator')
    const { job: done } = await waitForState({
      info,
      jobId: job.jobId,
      states: FINAL_JOB_STATES,
      timeoutMs: 240_000,
    })
    expect(done.stateName).toBe('Completed')

    // Granted terms: the old royalty and the fee at grant, not the new policy or fee.
    const ownerGross = BigInt(EPOCHS) * granted.royaltyPerEpoch
    const providerGross = BigInt(EPOCHS) * DEVNET_PROVIDER_PRICE
    const ownerFee = (ownerGross * BigInt(GRANT_FEE_BPS)) / 10_000n
    const providerFee = (providerGross * BigInt(GRANT_FEE_BPS)) / 10_000n
    const recorded = await readJobEvents(publicClientFor(info.rpcUrl), {
      address: info.dataPolicy,
      jobId: job.jobId,
      fromBlock: BigInt(info.deploymentBlock),
    })
    expect(recorded.completed).toMatchObject({
      actualEpochs: EPOCHS,
      ownerAmount: ownerGross - ownerFee,
      providerAmount: providerGross - providerFee,
      feeAmount: ownerFee + providerFee,
      refund: 0n,
    })

    const withdrawn = await withdrawAll(info, roles)
    const after = await snapshot(info, roles)
    expect(deltas(before, after)).toEqual({
      owner: ownerGross - ownerFee - gasOf(delisted) - gasOf(updated) - gasOf(withdrawn.get('owner')),
      researcher: -job.escrow - gasOf(job.receipt),
      operator: providerGross - providerFee - gasOf(withdrawn.get('operator')),
      admin: ownerFee + providerFee - gasOf(feeAtGrant) - gasOf(feeLater) - gasOf(withdrawn.get('admin')),
    })
    expect(after.contract).toBe(before.contract)
  }, 420_000)
})
