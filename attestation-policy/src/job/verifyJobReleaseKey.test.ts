import { describe, expect, test } from 'vitest'
import { DEV_NOW } from '../../test/devEvidence.js'
import { RELEASE_BINDING } from '../../test/devReleaseKey.js'
import { packageText } from '../../test/fixtures.js'
import { JOB_DATASET_ROOT, jobManifest, jobReleaseKeySources } from '../../test/jobReleaseKeySources.js'
import { devMockRootCa } from '../devTee/mockPki.js'
import {
  type JobReleaseKeyAudit,
  type JobReleaseKeySources,
  verifyJobReleaseKey,
} from './verifyJobReleaseKey.js'

const hashes = JSON.parse(packageText('policies/hashes.json')) as Record<string, `0x${string}`>
const options = { devMockRootCa: devMockRootCa(), now: DEV_NOW }

const summary = (audit: JobReleaseKeyAudit) =>
  audit.checks.map((c) => `${c.id}:${c.status}${c.code ? `:${c.code}` : ''}`)
const keySummary = (audit: JobReleaseKeyAudit) =>
  audit.releaseKey?.checks.map((c) => `${c.id}:${c.status}${c.code ? `:${c.code}` : ''}`)

describe('verifyJobReleaseKey', () => {
  test('default: the key the job manifest names matches the chain and verifies', async () => {
    const sources = jobReleaseKeySources()
    const audit = await verifyJobReleaseKey(7n, sources, options)
    expect(audit.ok).toBe(true)
    expect([
      audit.datasetRoot,
      audit.policyVersion,
      audit.manifestHash,
      audit.keyId,
      audit.evidenceRef,
      audit.publicKey,
    ]).toEqual([
      JOB_DATASET_ROOT,
      2,
      sources.manifestHash,
      1,
      sources.key.evidenceRef,
      RELEASE_BINDING.publicKey,
    ])
    expect(summary(audit)).toEqual(['manifest:pass', 'keyRecorded:pass', 'keyMatchesChain:pass'])
    expect(audit.releaseKey?.verified).toBe(true)
    expect([audit.releaseKey?.status, audit.releaseKey?.policyHash, audit.releaseKey?.policy]).toEqual([
      'Active',
      hashes['local-orchestrator.json'],
      { name: 'local-orchestrator', version: 1, trustAnchor: 'dev-mock' },
    ])
    expect(keySummary(audit)?.every((check) => check.endsWith(':pass'))).toBe(true)
    expect(keySummary(audit)?.length).toBe(21)
  })

  test('args: a retired key still opens the datasets sealed to it', async () => {
    const audit = await verifyJobReleaseKey(7n, jobReleaseKeySources({ status: 'Retired' }), options)
    expect([audit.ok, audit.releaseKey?.status, summary(audit)]).toEqual([
      true,
      'Retired',
      ['manifest:pass', 'keyRecorded:pass', 'keyMatchesChain:pass'],
    ])
  })

  test('error: the key that opened the dataset was revoked → RELEASE_KEY_REVOKED', async () => {
    const audit = await verifyJobReleaseKey(7n, jobReleaseKeySources({ status: 'Revoked' }), options)
    expect(audit.ok).toBe(false)
    expect(summary(audit)).toEqual(['manifest:pass', 'keyRecorded:pass', 'keyMatchesChain:pass'])
    expect(audit.releaseKey?.verified).toBe(false)
    expect(audit.releaseKey?.checks[0]).toEqual({
      id: 'key',
      status: 'fail',
      code: 'RELEASE_KEY_REVOKED',
      reason: 'key 1 is revoked: nothing is released with it',
    })
  })

  test('error: a manifest whose evidenceRef disagrees with the chain → RELEASE_KEY_RECORD_MISMATCH', async () => {
    const other = `0x${'ee'.repeat(32)}` as const
    const sources = jobReleaseKeySources({
      manifest: (key) =>
        jobManifest({ releasePublicKey: key.publicKey, keyId: key.keyId, evidenceRef: other }),
    })
    const audit = await verifyJobReleaseKey(7n, sources, options)
    expect(audit.ok).toBe(false)
    expect(audit.checks[2]).toEqual({
      id: 'keyMatchesChain',
      status: 'fail',
      code: 'RELEASE_KEY_RECORD_MISMATCH',
      reason: `manifest evidenceRef ${other} ≠ chain's ${sources.key.evidenceRef} for key 1`,
    })
    // The chain's key itself still verifies: the disagreement alone fails the audit.
    expect(audit.releaseKey?.verified).toBe(true)
  })

  test('error: a manifest sealed to another public key than the chain records for its keyId', async () => {
    const sealedTo = `0x03${'44'.repeat(32)}` as const
    const sources = jobReleaseKeySources({
      manifest: (key) =>
        jobManifest({ keyId: key.keyId, evidenceRef: key.evidenceRef, releasePublicKey: sealedTo }),
    })
    const audit = await verifyJobReleaseKey(7n, sources, options)
    expect([audit.ok, summary(audit)]).toEqual([
      false,
      ['manifest:pass', 'keyRecorded:pass', 'keyMatchesChain:fail:RELEASE_KEY_RECORD_MISMATCH'],
    ])
    expect(audit.checks[2]?.reason).toBe(
      `the dataset key is sealed to ${sealedTo}, the chain's key 1 is ${RELEASE_BINDING.publicKey}`,
    )
  })

  test('error: a keyId the chain does not know → RELEASE_KEY_UNKNOWN', async () => {
    const sources = jobReleaseKeySources({
      manifest: (key) =>
        jobManifest({ releasePublicKey: key.publicKey, keyId: 9, evidenceRef: key.evidenceRef }),
    })
    const audit = await verifyJobReleaseKey(7n, sources, options)
    expect([audit.ok, audit.keyId, summary(audit)]).toEqual([
      false,
      9,
      ['manifest:pass', 'keyRecorded:pass', 'keyMatchesChain:fail:RELEASE_KEY_UNKNOWN'],
    ])
    expect(keySummary(audit)?.[0]).toBe('key:fail:RELEASE_KEY_UNKNOWN')
  })

  test('error: a manifest published before release keys were recorded → RELEASE_KEY_UNRECORDED', async () => {
    const audit = await verifyJobReleaseKey(
      7n,
      jobReleaseKeySources({ manifest: () => jobManifest({ releasePublicKey: RELEASE_BINDING.publicKey }) }),
      options,
    )
    expect(audit.ok).toBe(false)
    expect([audit.keyId, audit.evidenceRef, audit.publicKey, audit.releaseKey]).toEqual([
      undefined,
      undefined,
      RELEASE_BINDING.publicKey,
      undefined,
    ])
    expect(audit.checks).toEqual([
      {
        id: 'manifest',
        status: 'pass',
        code: undefined,
        reason: `manifest ${audit.manifestHash} of policy version 2, root checked`,
      },
      {
        id: 'keyRecorded',
        status: 'fail',
        code: 'RELEASE_KEY_UNRECORDED',
        reason: `the manifest records no release key id (sealed to ${RELEASE_BINDING.publicKey} before keys were registered)`,
      },
      { id: 'keyMatchesChain', status: 'skipped', code: undefined, reason: 'a previous check failed' },
    ])
  })

  test.each<[string, bigint, Partial<JobReleaseKeySources>, string]>([
    ['an unknown job', 8n, {}, 'manifest:fail:JOB_UNKNOWN'],
    [
      'no manifest on chain for the version',
      7n,
      { readManifestHash: async () => undefined },
      'manifest:fail:MANIFEST_MISSING',
    ],
    [
      'a zero manifest hash',
      7n,
      { readManifestHash: async () => `0x${'00'.repeat(32)}` as const },
      'manifest:fail:MANIFEST_MISSING',
    ],
    ['no manifest in storage', 7n, { readManifest: async () => undefined }, 'manifest:fail:MANIFEST_MISSING'],
    [
      'stored bytes that are not the manifest on chain',
      7n,
      { readManifest: async () => new TextEncoder().encode('{}') },
      'manifest:fail:MANIFEST_ROOT_MISMATCH',
    ],
    [
      'a chain read that fails',
      7n,
      {
        readJobDataset: async () => {
          throw new Error('connection refused')
        },
      },
      'manifest:fail:SOURCE_UNAVAILABLE',
    ],
  ])('error: %s', async (_, jobId, override, first) => {
    const audit = await verifyJobReleaseKey(jobId, { ...jobReleaseKeySources(), ...override }, options)
    expect(audit.ok).toBe(false)
    expect(summary(audit)).toEqual([first, 'keyRecorded:skipped', 'keyMatchesChain:skipped'])
    expect(audit.releaseKey).toBe(undefined)
  })

  test('error: a manifest that describes another dataset or does not parse → MANIFEST_INVALID', async () => {
    const other = jobReleaseKeySources({
      manifest: (key) => ({
        ...jobManifest({ releasePublicKey: key.publicKey, keyId: key.keyId, evidenceRef: key.evidenceRef }),
        datasetRoot: `0x${'cd'.repeat(32)}`,
      }),
    })
    const audit = await verifyJobReleaseKey(7n, other, options)
    expect(audit.checks[0]).toEqual({
      id: 'manifest',
      status: 'fail',
      code: 'MANIFEST_INVALID',
      reason: `the manifest describes dataset 0x${'cd'.repeat(32)}, not ${JOB_DATASET_ROOT}`,
    })
    const garbage = new TextEncoder().encode('not json')
    const unparsable = {
      ...jobReleaseKeySources(),
      readManifestHash: async () => `0x${'01'.repeat(32)}` as const,
      readManifest: async () => garbage,
      storageRoot: () => `0x${'01'.repeat(32)}` as const,
    }
    expect(summary(await verifyJobReleaseKey(7n, unparsable, options))[0]).toBe(
      'manifest:fail:MANIFEST_INVALID',
    )
  })

  test('error: a source that never answers fails at its deadline', async () => {
    const hanging = { ...jobReleaseKeySources(), readManifest: () => new Promise<undefined>(() => {}) }
    const audit = await verifyJobReleaseKey(7n, hanging, { ...options, timeoutMs: 20 })
    expect(audit.checks[0]).toEqual({
      id: 'manifest',
      status: 'fail',
      code: 'SOURCE_UNAVAILABLE',
      reason: 'no answer within 20 ms reading the manifest from storage',
    })
  })
})
