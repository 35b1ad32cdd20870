import { dataPolicyAbi } from '@licen/sdk'
import { type DataPolicyChain, startDataPolicyChain } from '@licen/testing'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createChainJobAuditSources } from './chainJobSources.js'
import { verifyJobReleaseKey } from './verifyJobReleaseKey.js'

const DATASET_ROOT: Hex = `0x${'a1'.repeat(32)}`
const FIRST_MANIFEST: Hex = `0x${'b1'.repeat(32)}`
const RESEALED_MANIFEST: Hex = `0x${'b2'.repeat(32)}`

let chain: DataPolicyChain

async function send(
  account: number,
  functionName: 'registerDataset' | 'registerProvider' | 'requestAccess' | 'updateManifest',
  args: readonly unknown[],
  value?: bigint,
) {
  const hash = await chain.wallet(account).writeContract({
    address: chain.dataPolicy,
    abi: dataPolicyAbi,
    functionName,
    args: args as never,
    value: value as never,
  })
  expect((await chain.publicClient.waitForTransactionReceipt({ hash })).status).toBe('success')
}

// A job granted at policy version 1, then the owner re-seals (updateManifest opens version 2).
beforeAll(async () => {
  chain = await startDataPolicyChain({ chainId: 31337 })
  await send(1, 'registerDataset', [
    DATASET_ROOT,
    FIRST_MANIFEST,
    {
      royaltyPerEpoch: 1n,
      maxEpochsPerJob: 10,
      maxActiveJobsPerRequester: 5,
      sessionTtl: 3600,
      expiry: 0,
      allowedPurposes: 0xffff_ffff,
      attestationPolicy: `0x${'00'.repeat(32)}`,
    },
  ])
  await send(2, 'registerProvider', ['http://127.0.0.1:9', 1n])
  await send(3, 'requestAccess', [DATASET_ROOT, 1, 1, 1, `0x02${'33'.repeat(32)}`], 2n)
  await send(1, 'updateManifest', [DATASET_ROOT, RESEALED_MANIFEST])
}, 120_000)
afterAll(() => chain?.stop())

const sources = () =>
  createChainJobAuditSources({
    client: chain.publicClient,
    chainId: chain.chainId,
    dataPolicy: chain.dataPolicy,
    fromBlock: 0n,
    storageUrl: 'http://127.0.0.1:9',
    policies: { dir: '.' },
    timeoutMs: 2000,
  })

describe('createChainJobAuditSources', () => {
  test('default: the job keeps the manifest of its policy version after the owner re-seals', async () => {
    const audit = sources()
    expect(await audit.readJobDataset(1n)).toEqual({ datasetRoot: DATASET_ROOT, policyVersion: 1 })
    expect(await audit.readManifestHash(DATASET_ROOT, 1)).toBe(FIRST_MANIFEST)
    expect(await audit.readManifestHash(DATASET_ROOT, 2)).toBe(RESEALED_MANIFEST)
    expect(await audit.readJobDataset(99n)).toBe(undefined)
    expect([audit.releaseKeys.chainId, audit.releaseKeys.dataPolicy]).toEqual([
      chain.chainId,
      chain.dataPolicy,
    ])
  })

  test('error: a storage node that does not answer fails the manifest check SOURCE_UNAVAILABLE', async () => {
    const audit = await verifyJobReleaseKey(1n, sources(), { timeoutMs: 5000 })
    expect([audit.ok, audit.datasetRoot, audit.policyVersion, audit.manifestHash]).toEqual([
      false,
      DATASET_ROOT,
      1,
      FIRST_MANIFEST,
    ])
    expect(audit.checks.map((c) => `${c.id}:${c.status}${c.code ? `:${c.code}` : ''}`)).toEqual([
      'manifest:fail:SOURCE_UNAVAILABLE',
      'keyRecorded:skipped',
      'keyMatchesChain:skipped',
    ])
  })
})
