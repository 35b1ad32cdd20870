import { keccak_256 } from '@noble/hashes/sha3'
import { bytesToHex } from '@noble/hashes/utils'
import { describe, expect, test } from 'vitest'
import { DEV_NOW, devTee, testBinding } from '../../test/devEvidence.js'
import { packageText } from '../../test/fixtures.js'
import { jobReleaseKeySources } from '../../test/jobReleaseKeySources.js'
import { devMockRootCa } from '../devTee/mockPki.js'
import { BaseError } from '../errors.js'
import { auditJob } from './auditJob.js'
import type { EvidenceBundle } from './evidenceBundle.js'
import { type JobSources, verifyJob } from './verifyJob.js'

const hashes = JSON.parse(packageText('policies/hashes.json')) as Record<string, `0x${string}`>
const localHash = hashes['local.json']!
const signer = `0x${'ab'.repeat(20)}` as const

/** Stand-in for the 0G storage root (@licen/sdk): any collision-resistant hash exercises the same checks. */
const fakeRoot = (bytes: Uint8Array) => `0x${bytesToHex(keccak_256(bytes))}` as const

/** @licen/sdk-shaped binding inputs; the stand-in binding hashes the nonce and signer. */
const bindingOf = (b: EvidenceBundle['binding']) => testBinding(b.nonce, b.signer)

function job(
  overrides: {
    signer?: `0x${string}`
    jobId?: string
    /** Edits the stored quote and event log (tamper tests). */
    quote?: (quote: Uint8Array) => Uint8Array
    eventLog?: (eventLog: string) => string
    /** The policy file the job ran under (default local.json). */
    policyFile?: 'local.json' | 'local-orchestrator.json'
  } = {},
) {
  const policyFile = overrides.policyFile ?? 'local.json'
  const policyText = packageText(`policies/${policyFile}`)
  const policyHash = hashes[policyFile]!
  const tee = devTee()
  const binding = {
    chainId: '31337',
    dataPolicy: `0x${'11'.repeat(20)}`,
    jobId: overrides.jobId ?? '7',
    nonce: `0x${'22'.repeat(32)}`,
    encPubKey: `0x02${'33'.repeat(32)}`,
    signer,
  }
  const { quote, eventLog } = tee.quote(bindingOf(binding))
  const bundle: EvidenceBundle = {
    format: 'licen/attestation-evidence/v1',
    quote: bytesToHex(overrides.quote ? overrides.quote(quote) : quote),
    eventLog: overrides.eventLog ? overrides.eventLog(eventLog) : eventLog,
    collateral: tee.collateral(),
    verifiedAt: DEV_NOW,
    policyHash,
    binding,
  }
  const stored = new TextEncoder().encode(JSON.stringify(bundle))
  const attestationRef = fakeRoot(stored)
  const sources: JobSources = {
    chain: { chainId: 31337, dataPolicy: `0x${'11'.repeat(20)}` },
    readJobStart: async (id) =>
      id === 7n ? { enclaveSigner: overrides.signer ?? signer, attestationRef, policyHash } : undefined,
    readEvidence: async (ref) => (ref === attestationRef ? stored : undefined),
    storageRoot: fakeRoot,
    readPolicy: async (hash) => (hash === policyHash ? JSON.parse(policyText) : undefined),
    reportData: bindingOf,
  }
  return sources
}

/** Sources whose evidence bytes are not JSON but still carry the attestationRef recorded on chain. */
function notJson(sources: JobSources): JobSources {
  const bytes = new Uint8Array([0xff, 0x00])
  return {
    ...sources,
    readEvidence: async () => bytes,
    storageRoot: async () => (await sources.readJobStart(7n))!.attestationRef,
  }
}

describe('verifyJob', () => {
  test('default: a job whose stored evidence re-verifies against the policy recorded on chain', async () => {
    const verdict = await verifyJob(7n, job(), { devMockRootCa: devMockRootCa() })
    expect(verdict.ok).toBe(true)
    expect(verdict.policyHash).toBe(localHash)
    expect(verdict.now).toBe(DEV_NOW)
  })

  test.each([
    ['an unknown job', 8n, job(), 'The job has not been started on chain.'],
    [
      'no stored evidence',
      7n,
      { ...job(), readEvidence: async () => undefined },
      'The stored attestation evidence was not found.',
    ],
    ['stored bytes that are not JSON', 7n, notJson(job()), 'The stored attestation evidence is malformed.'],
    [
      'another enclave signer on chain',
      7n,
      job({ signer: `0x${'cd'.repeat(20)}` }),
      'The evidence binds another enclave signer.',
    ],
    ['evidence bound to another job', 7n, job({ jobId: '8' }), 'The evidence is bound to another job.'],
  ])('error: %s', async (_, id, sources, message) => {
    await expect(verifyJob(id, sources)).rejects.toThrow(message)
  })

  test.each([
    [
      'another chain',
      { chainId: 1, dataPolicy: `0x${'11'.repeat(20)}` },
      `binding chain 31337, contract 0x${'11'.repeat(20)}; audited chain 1, contract 0x${'11'.repeat(20)}`,
    ],
    [
      'another contract',
      { chainId: 31337, dataPolicy: `0x${'12'.repeat(20)}` },
      `binding chain 31337, contract 0x${'11'.repeat(20)}; audited chain 31337, contract 0x${'12'.repeat(20)}`,
    ],
  ] as const)('error: evidence of a job on %s than the one audited is refused', async (_, chain, details) => {
    const error = await verifyJob(7n, { ...job(), chain }).catch((e) => e)
    expect([error.code, error.shortMessage, error.details]).toEqual([
      'JOB_EVIDENCE_INVALID',
      'The evidence is bound to another chain or contract.',
      details,
    ])
  })

  test('error: a job under an orchestrator-role policy is refused POLICY_ROLE_MISMATCH', async () => {
    const error = await verifyJob(7n, job({ policyFile: 'local-orchestrator.json' })).catch((e) => e)
    expect(error).toBeInstanceOf(BaseError)
    expect([error.code, error.shortMessage, error.details]).toEqual([
      'POLICY_ROLE_MISMATCH',
      'The job ran under a policy that is not a provider policy.',
      `policy local-orchestrator v1 (${hashes['local-orchestrator.json']}) has role orchestrator`,
    ])
  })

  test('error: evidence whose storage root is not the attestationRef on chain', async () => {
    const sources = job()
    const record = (await sources.readJobStart(7n))!
    const stored = (await sources.readEvidence(record.attestationRef))!
    const bundle = JSON.parse(new TextDecoder().decode(stored)) as EvidenceBundle
    const swapped = { ...bundle, quote: bytesToHex(devTee().quote(new Uint8Array(64)).quote) }
    const other = { ...sources, readEvidence: async () => new TextEncoder().encode(JSON.stringify(swapped)) }
    await expect(verifyJob(7n, other)).rejects.toThrow(
      'The stored evidence is not the one recorded on chain.',
    )
  })

  test('error: stored evidence with a byte after the signed quote, or a forged boot event, fails its verdict', async () => {
    const options = { devMockRootCa: devMockRootCa() }
    const trailing = await verifyJob(7n, job({ quote: (quote) => new Uint8Array([...quote, 1]) }), options)
    expect(trailing.ok).toBe(false)
    expect(trailing.checks.map((c) => `${c.id}:${c.status}:${c.code}`)).toEqual(['quote:fail:QUOTE_INVALID'])
    const forged = { imr: 2, event_type: 13, digest: '77'.repeat(48), event: '', event_payload: '' }
    const withForged = job({ eventLog: (log) => JSON.stringify([...(JSON.parse(log) as unknown[]), forged]) })
    const boot = await verifyJob(7n, withForged, options)
    expect(boot.ok).toBe(false)
    expect(boot.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}:${c.code}`)).toEqual([
      'bootEvents:BOOT_EVENTS_MISMATCH',
    ])
  })
})

describe('auditJob', () => {
  const options = { devMockRootCa: devMockRootCa(), now: DEV_NOW }

  test('default: the job attestation and the release key that opened its dataset both verify', async () => {
    const { storageRoot: _, ...releaseKey } = jobReleaseKeySources()
    const audit = await auditJob(7n, { ...job(), ...releaseKey }, options)
    expect([audit.ok, audit.jobId, audit.attestation.ok, audit.releaseKey.ok]).toEqual([true, 7n, true, true])
    expect([audit.releaseKey.keyId, audit.releaseKey.releaseKey?.status]).toEqual([1, 'Active'])
  })

  test('error: a revoked dataset key fails the audit although the job attestation passes', async () => {
    const { storageRoot: _, ...releaseKey } = jobReleaseKeySources({ status: 'Revoked' })
    const audit = await auditJob(7n, { ...job(), ...releaseKey }, options)
    expect([audit.ok, audit.attestation.ok, audit.releaseKey.ok]).toEqual([false, true, false])
    expect(audit.releaseKey.releaseKey?.checks[0]?.code).toBe('RELEASE_KEY_REVOKED')
  })

  test('error: evidence that does not match the chain still throws before the key is read', async () => {
    const { storageRoot: _, ...releaseKey } = jobReleaseKeySources()
    await expect(auditJob(8n, { ...job(), ...releaseKey }, options)).rejects.toThrow(
      'The job has not been started on chain.',
    )
  })
})
