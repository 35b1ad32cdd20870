// Runs in Chromium (vitest.browser.config.ts): an auditor (the app's audit page) checking a job and the release
// key that opened its dataset in the browser.

import { serializeManifest, zgRoot } from '@licen/sdk'
import glueUrl from '@phala/dcap-qvl-web/dcap-qvl-web.js?url'
import wasmUrl from '@phala/dcap-qvl-web/dcap-qvl-web_bg.wasm?url'
import { describe, expect, inject, test } from 'vitest'
import { jobSources } from '../../test/browser/jobSources.js'
import { releaseKeyCaseSources } from '../../test/browser/releaseKeyCase.js'
import { JOB_DATASET_ROOT, jobManifest } from '../../test/jobManifest.js'
import { createDcapWasmSource } from '../dcap/createDcapWasmSource.js'
import { devMockRootCa } from '../devTee/mockPki.js'
import { auditJob, type JobAuditSources } from './auditJob.js'

const job = inject('jobCase')
const key = inject('releaseKeyCase')
const dcapWasm = createDcapWasmSource({ wasm: wasmUrl, glue: glueUrl })
const DEV_NOW = 1_767_225_600

/** Job 7 of the browser job case, its dataset's manifest (policy version 1) sealed to the release-key case. */
async function sources(manifestKey: Partial<{ evidenceRef: `0x${string}` }> = {}): Promise<JobAuditSources> {
  const bytes = serializeManifest(
    jobManifest({ releasePublicKey: key.publicKey, keyId: 1, evidenceRef: key.evidenceRef, ...manifestKey }),
  )
  const manifestHash = (await zgRoot(bytes, { workers: 0 })).root
  return {
    ...jobSources(job),
    readJobDataset: async (id) =>
      id === BigInt(job.jobId) ? { datasetRoot: JOB_DATASET_ROOT, policyVersion: 1 } : undefined,
    readManifestHash: async (root, version) =>
      root === JOB_DATASET_ROOT && version === 1 ? manifestHash : undefined,
    readManifest: async (hash) => (hash === manifestHash ? bytes : undefined),
    releaseKeys: releaseKeyCaseSources(key),
  }
}

describe('auditJob in the browser', () => {
  test('default: the job attestation and the release key that opened its dataset verify with the WASM', async () => {
    const audit = await auditJob(BigInt(job.jobId), await sources(), {
      dcapWasm,
      devMockRootCa: devMockRootCa(),
      now: DEV_NOW,
    })
    expect([audit.ok, audit.attestation.ok, audit.releaseKey.ok, audit.releaseKey.keyId]).toEqual([
      true,
      true,
      true,
      1,
    ])
    expect(audit.releaseKey.checks.map((c) => `${c.id}:${c.status}`)).toEqual([
      'manifest:pass',
      'keyRecorded:pass',
      'keyMatchesChain:pass',
    ])
    expect(audit.releaseKey.releaseKey?.checks.length).toBe(21)
    expect(audit.releaseKey.releaseKey?.policyHash).toBe(key.policyHash)
  })

  test('error: a manifest evidenceRef that is not the chain record fails RELEASE_KEY_RECORD_MISMATCH', async () => {
    const audit = await auditJob(BigInt(job.jobId), await sources({ evidenceRef: `0x${'ee'.repeat(32)}` }), {
      dcapWasm,
      devMockRootCa: devMockRootCa(),
      now: DEV_NOW,
    })
    expect([audit.ok, audit.attestation.ok, audit.releaseKey.checks[2]?.code]).toEqual([
      false,
      true,
      'RELEASE_KEY_RECORD_MISMATCH',
    ])
  })
})
