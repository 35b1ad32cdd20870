import { reportData as bindingReportData, zgRoot } from '@licen/sdk'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils'
import type { TestProject } from 'vitest/node'
import { devMockRootCa } from '../../src/devTee/mockPki.js'
import type { EvidenceBundle } from '../../src/job/evidenceBundle.js'
import { verifyJob } from '../../src/job/verifyJob.js'
import { parsePolicyJson } from '../../src/policy/parsePolicy.js'
import { policyHash } from '../../src/policy/policyHash.js'
import { verifyReleaseKey } from '../../src/releaseKey/verifyReleaseKey.js'
import { verifyEvidence } from '../../src/verify/verifyEvidence.js'
import { DEV_NOW, devTee, testBinding } from '../devEvidence.js'
import { devReleaseKeyEvidence, RELEASE_BINDING } from '../devReleaseKey.js'
import { intelSample, packageText } from '../fixtures.js'
import type { BrowserCase } from './browserCases.js'
import { type JobCase, jobSources } from './jobSources.js'
import { type ReleaseKeyCase, releaseKeyCaseSources } from './releaseKeyCase.js'

/** Offsets of one byte inside report_data and MRTD of a v4 TDX quote (header 48, TD report 1.0 after it). */
const REPORT_DATA_BYTE = 48 + 520 + 10
const MRTD_BYTE = 48 + 136 + 5

const flip = (bytes: Uint8Array, offset: number) => {
  const copy = bytes.slice()
  copy[offset]! ^= 0x01
  return copy
}

/**
 * Global setup of the browser suite: builds the evidence (the real Intel sample and a dev TEE quote), verifies each
 * case here in Node with the node_modules verifier, and hands inputs and Node verdicts (as JSON) to the browser.
 */
export default async function setup(project: TestProject): Promise<void> {
  const localText = packageText('policies/local.json')
  const local = parsePolicyJson(localText)
  const reportData = testBinding('browser-nonce')
  const tee = devTee()
  const dev = tee.quote(reportData)
  const devCollateral = tee.collateral()
  const inputs: Omit<BrowserCase, 'nodeVerdict'>[] = [
    {
      name: 'the real Intel sample under a pinned now',
      quote: bytesToHex(intelSample.quote()),
      collateral: intelSample.collateral(),
      now: intelSample.now,
    },
    {
      name: 'the real Intel sample with one flipped byte in report_data',
      quote: bytesToHex(flip(intelSample.quote(), REPORT_DATA_BYTE)),
      collateral: intelSample.collateral(),
      now: intelSample.now,
    },
    {
      name: 'a dev TEE quote under the local policy',
      quote: bytesToHex(dev.quote),
      eventLog: dev.eventLog,
      collateral: devCollateral,
      now: DEV_NOW,
      policy: 'local',
      expectedReportData: bytesToHex(reportData),
    },
    {
      name: 'a dev TEE quote with one flipped byte in MRTD under the local policy',
      quote: bytesToHex(flip(dev.quote, MRTD_BYTE)),
      eventLog: dev.eventLog,
      collateral: devCollateral,
      now: DEV_NOW,
      policy: 'local',
      expectedReportData: bytesToHex(reportData),
    },
    {
      name: 'a dev TEE quote under the Intel anchor',
      quote: bytesToHex(dev.quote),
      collateral: devCollateral,
      now: DEV_NOW,
    },
  ]
  const cases: BrowserCase[] = []
  for (const input of inputs) {
    const verdict = await verifyEvidence(
      { quote: hexToBytes(input.quote), eventLog: input.eventLog },
      input.policy === 'local' ? local : undefined,
      {
        collateral: input.collateral,
        now: input.now,
        expectedReportData: input.expectedReportData ? hexToBytes(input.expectedReportData) : undefined,
        devMockRootCa: input.policy === 'local' ? devMockRootCa() : undefined,
      },
    )
    cases.push({ ...input, nodeVerdict: JSON.stringify(verdict) })
  }
  project.provide('browserCases', cases)
  project.provide('localPolicy', localText)
  const job = await storedJob(tee, localText, policyHash(local))
  project.provide('jobCase', job)
  project.provide(
    'nodeJobVerdict',
    JSON.stringify(await verifyJob(BigInt(job.jobId), jobSources(job), { devMockRootCa: devMockRootCa() })),
  )
  const releaseKey = await registeredReleaseKey()
  project.provide('releaseKeyCase', releaseKey)
  project.provide(
    'nodeReleaseKeyVerdict',
    JSON.stringify(
      await verifyReleaseKey(releaseKeyCaseSources(releaseKey), {
        devMockRootCa: devMockRootCa(),
        now: DEV_NOW,
      }),
    ),
  )
}

/** Release key 1 as the devnet registers it: orchestrator dev TEE evidence stored under its 0G root. */
async function registeredReleaseKey(): Promise<ReleaseKeyCase> {
  const evidence = devReleaseKeyEvidence()
  const { root } = await zgRoot(new TextEncoder().encode(evidence), { workers: 0 })
  const policy = packageText('policies/local-orchestrator.json')
  return {
    ...RELEASE_BINDING,
    evidenceRef: root,
    policyHash: policyHash(parsePolicyJson(policy)),
    evidence,
    policy,
  }
}

/** Job 7 started on evidence the orchestrator would store: a dev TEE quote bound with the sdk's report_data. */
async function storedJob(
  tee: ReturnType<typeof devTee>,
  policy: string,
  hash: `0x${string}`,
): Promise<JobCase> {
  const binding = {
    chainId: '31337',
    dataPolicy: `0x${'11'.repeat(20)}`,
    jobId: '7',
    nonce: `0x${'22'.repeat(32)}`,
    encPubKey: `0x02${'33'.repeat(32)}`,
    signer: `0x${'ab'.repeat(20)}`,
  } as const
  const { quote, eventLog } = tee.quote(bindingReportData({ ...binding, chainId: 31337n, jobId: 7n }))
  const bundle: EvidenceBundle = {
    format: 'licen/attestation-evidence/v1',
    quote: bytesToHex(quote),
    eventLog,
    collateral: tee.collateral(),
    verifiedAt: DEV_NOW,
    policyHash: hash,
    binding,
  }
  const evidence = JSON.stringify(bundle)
  const { root } = await zgRoot(new TextEncoder().encode(evidence), { workers: 0 })
  return {
    jobId: binding.jobId,
    chain: { chainId: Number(binding.chainId), dataPolicy: binding.dataPolicy },
    record: { enclaveSigner: binding.signer, attestationRef: root, policyHash: hash },
    evidence,
    policy,
  }
}
