import type { DataPolicyJob } from '@licen/sdk'
import { type Hex, zeroHash } from 'viem'
import { describe, expect, test } from 'vitest'
import type { DatasetPolicy, DatasetRecord } from '../../chain/createChain.js'
import type { JobContext } from '../JobContext.js'
import { checkGranted } from './checkGranted.js'

const defaultPolicyHash = `0x${'cd'.repeat(32)}` as Hex
const job = {
  jobId: 3n,
  datasetRoot: `0x${'ab'.repeat(32)}`,
  policyVersion: 1,
  providerId: 7,
  deadline: 10_000,
}
const dataset = { owner: `0x${'11'.repeat(20)}`, active: true, policyVersion: 1, manifestHash: zeroHash }
const policy = { expiry: 0, attestationPolicy: zeroHash }

/** A context whose chain reads answer from `reads` (a function throws its error), logging each call. */
function context(reads: {
  dataset?: () => unknown
  endpoint?: () => unknown
  allowed?: boolean
  now?: number
  currentOwner?: boolean
}) {
  const calls: string[] = []
  const answer = (name: string, value: () => unknown) => {
    calls.push(name)
    return Promise.resolve().then(value)
  }
  const ctx = {
    defaultPolicyHash,
    timing: { minRunSeconds: 60 },
    verifier: { has: (hash: Hex) => hash === defaultPolicyHash },
    chain: {
      readDataset: () => answer('readDataset', reads.dataset ?? (() => dataset)),
      readPolicy: () => answer('readPolicy', () => policy),
      chainTime: () => answer('chainTime', () => reads.now ?? 1_000),
      providerEndpoint: () => answer('providerEndpoint', reads.endpoint ?? (() => 'http://provider')),
      isPolicyAllowed: () => answer('isPolicyAllowed', () => reads.allowed ?? true),
      grantedUnderCurrentOwner: () => answer('grantedUnderCurrentOwner', () => reads.currentOwner ?? true),
    },
  } as unknown as JobContext
  return { ctx, calls }
}

describe('checkGranted', () => {
  test('default: reads dataset, policy, clock and endpoint together, then the policy allowance', async () => {
    const { ctx, calls } = context({})
    const plan = await checkGranted(ctx, job as unknown as DataPolicyJob)
    expect(plan).toEqual({
      dataset: dataset as unknown as DatasetRecord,
      policy: policy as unknown as DatasetPolicy,
      policyHash: defaultPolicyHash,
      endpoint: 'http://provider',
    })
    expect(calls).toEqual([
      'readDataset',
      'readPolicy',
      'chainTime',
      'providerEndpoint',
      'grantedUnderCurrentOwner',
      'isPolicyAllowed',
    ])
  })

  test('behavior: a job granted under a former owner (a squatter) is refused before the provider attests', async () => {
    const { ctx, calls } = context({ currentOwner: false })
    await expect(checkGranted(ctx, job as unknown as DataPolicyJob)).rejects.toMatchObject({
      code: 'DATASET_OWNER_REPLACED',
      detail: `owner now 0x${'11'.repeat(20)}`,
    })
    expect(calls).not.toContain('isPolicyAllowed')
  })

  test('behavior: a delisted dataset is refused first, even when another read failed', async () => {
    const { ctx } = context({
      dataset: () => ({ ...dataset, active: false }),
      endpoint: () => {
        throw new Error('unknown provider')
      },
    })
    await expect(checkGranted(ctx, job as unknown as DataPolicyJob)).rejects.toMatchObject({
      code: 'DATASET_DELISTED',
    })
  })

  test('error: the dataset read failing is the error thrown', async () => {
    const failure = Object.assign(new Error('no dataset'), { code: 'DATA_POLICY_UNKNOWN_DATASET' })
    const { ctx } = context({
      dataset: () => {
        throw failure
      },
    })
    await expect(checkGranted(ctx, job as unknown as DataPolicyJob)).rejects.toBe(failure)
  })

  test('error: a deadline too close is refused before the policy allowance is read', async () => {
    const { ctx, calls } = context({ now: 9_990 })
    await expect(checkGranted(ctx, job as unknown as DataPolicyJob)).rejects.toMatchObject({
      code: 'DEADLINE_TOO_CLOSE',
    })
    expect(calls).not.toContain('isPolicyAllowed')
  })

  test('error: an endpoint that cannot be read fails after the policy checks pass', async () => {
    const failure = new Error('unknown provider')
    const { ctx } = context({
      endpoint: () => {
        throw failure
      },
    })
    await expect(checkGranted(ctx, job as unknown as DataPolicyJob)).rejects.toBe(failure)
  })
})
