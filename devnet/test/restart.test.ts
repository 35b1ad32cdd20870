// System test (#13): a devnet restarted on the same data folder keeps its release key. The orchestrator's dev TEE
// derives the same key again (public seed, its compose, the key path), finds it registered, nothing is registered
// twice, and a dataset sealed to it before the restart trains after it.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dataPolicyAbi, FINAL_JOB_STATES } from '@licen/sdk'
import { generateSyntheticJsonl } from '@licen/synthetic-data'
import { readContract } from 'viem/actions'
import { afterAll, describe, expect, test } from 'vitest'
import { demoPolicy, publishAs, requestAs, waitForState } from '../src/demo/actors.js'
import { devnetReleaseKey } from '../src/dev/releaseKey.js'
import { publicClientFor } from '../src/dev/wallets.js'
import { type Devnet, startDevnet } from '../src/startDevnet.js'

const logs: string[] = []
let workDir: string | undefined
let devnet: Devnet | undefined

afterAll(async () => {
  await devnet?.stop()
  if (workDir) await rm(workDir, { recursive: true, force: true })
  if (process.env.LICEN_SYSTEM_LOGS) console.log(logs.slice(-200).join('\n'))
}, 60_000)

const start = (dataDir: string) =>
  startDevnet({
    dataDir,
    ports: 'free',
    app: false,
    persistChain: true,
    timing: 'test',
    color: false,
    sink: (line) => {
      logs.push(line)
      if (logs.length > 4000) logs.splice(0, 1000)
    },
  })

describe('devnet restart', () => {
  test('behavior: the same data folder keeps the release key (registered once) and its datasets train', async () => {
    workDir = await mkdtemp(join(tmpdir(), 'licen-restart-'))
    const dataDir = join(workDir, 'devnet')
    devnet = await start(dataDir)
    const before = devnet.info
    expect([before.releasePublicKey, before.releaseKeyId]).toEqual([devnetReleaseKey(1).publicKey, 1])
    const dataset = await publishAs({
      info: before,
      role: 'owner',
      jsonl: generateSyntheticJsonl({ bytes: 6_000, seed: 21, recipe: 'demo' }),
      name: 'Sealed before the restart',
      policy: demoPolicy(before),
    })
    await devnet.stop()

    devnet = await start(dataDir)
    const after = devnet.info
    // The same contract (a restart reads its address back from the deployment file, checksummed).
    expect([after.dataPolicy.toLowerCase(), after.releasePublicKey, after.releaseKeyId]).toEqual([
      before.dataPolicy.toLowerCase(),
      before.releasePublicKey,
      1,
    ])
    const nextKeyId = await readContract(publicClientFor(after.rpcUrl), {
      address: after.dataPolicy,
      abi: dataPolicyAbi,
      functionName: 'nextReleaseKeyId',
    })
    expect(nextKeyId).toBe(2)
    expect(logs.filter((line) => line.includes('registered on chain (evidence'))).toHaveLength(1)

    const job = await requestAs({
      info: after,
      role: 'researcher',
      datasetRoot: dataset.datasetRoot,
      providerId: after.providerId,
      epochs: 1,
    })
    const { job: done } = await waitForState({
      info: after,
      jobId: job.jobId,
      states: FINAL_JOB_STATES,
      timeoutMs: 240_000,
    })
    expect(done.stateName).toBe('Completed')
  }, 600_000)
})
