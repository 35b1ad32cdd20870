import { keccak_256 } from '@noble/hashes/sha3'
import { bytesToHex } from '@noble/hashes/utils'
import { describe, expect, test } from 'vitest'
import { DEV_NOW, devTee, testBinding } from '../../test/devEvidence.js'
import { packageText } from '../../test/fixtures.js'
import type { EvidenceBundle } from './evidenceBundle.js'
import { type JobSources, verifyJob } from './verifyJob.js'

const localText = packageText('policies/local.json')
const localHash = (JSON.parse(packageText('policies/hashes.json')) as Record<string, `0x${string}`>)[
  'local.json'
]!
const signer = `0x${'ab'.repeat(20)}` as const

/** @licen/sdk-shaped binding inputs; the stand-in binding hashes the nonce and signer. */
const bindingOf = (b: EvidenceBundle['binding']) => testBinding(b.nonce, b.signer)

function job(overrides: { signer?: `0x${string}`; jobId?: string } = {}) {
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
    quote: bytesToHex(quote),
    eventLog,
    collateral: tee.collateral(),
    verifiedAt: DEV_NOW,
    policyHash: localHash,
    binding,
  }
  const attestationRef = `0x${bytesToHex(keccak_256(quote))}` as const
  const sources: JobSources = {
    readJobStart: async (id) =>
      id === 7n
        ? { enclaveSigner: overrides.signer ?? signer, attestationRef, policyHash: localHash }
        : undefined,
    readEvidence: async (ref) => (ref === attestationRef ? bundle : undefined),
    readPolicy: async (hash) => (hash === localHash ? JSON.parse(localText) : undefined),
    reportData: bindingOf,
  }
  return sources
}

describe('verifyJob', () => {
  test('default: a job whose stored evidence re-verifies against the policy recorded on chain', async () => {
    const verdict = await verifyJob(7n, job())
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
      'The stored attestation evidence is malformed.',
    ],
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

  test('error: a quote that does not hash to the attestationRef', async () => {
    const sources = job()
    const record = (await sources.readJobStart(7n))!
    const bundle = (await sources.readEvidence(record.attestationRef)) as EvidenceBundle
    const other = {
      ...sources,
      readEvidence: async () => ({ ...bundle, quote: bytesToHex(devTee().quote(new Uint8Array(64)).quote) }),
    }
    await expect(verifyJob(7n, other)).rejects.toThrow('The stored quote is not the one recorded on chain.')
  })
})
