import { describe, expect, test } from 'vitest'
import { DEV_NOW } from '../../test/devEvidence.js'
import { devReleaseKeyEvidence, RELEASE_BINDING } from '../../test/devReleaseKey.js'
import { packageText } from '../../test/fixtures.js'
import { type PolicyFixture, releaseKeySources } from '../../test/releaseKeySources.js'
import { INTEL_ROOT_CA_SHA256 } from '../dcap/intelRootCa.js'
import { devMockRootCa } from '../devTee/mockPki.js'
import { policyHash } from '../policy/policyHash.js'
import type { AttestationPolicy } from '../policy/policySchema.js'
import {
  ReleaseKeyNotAttestedError,
  type ReleaseKeyVerdict,
  type VerifyReleaseKeyOptions,
  verifyReleaseKey,
} from './verifyReleaseKey.js'

const hashes = JSON.parse(packageText('policies/hashes.json')) as Record<string, `0x${string}`>
const policyFile = (file: string): PolicyFixture => ({
  json: JSON.parse(packageText(`policies/${file}`)),
  hash: hashes[file]!,
})
const orchestratorPolicy = policyFile('local-orchestrator.json')
const options: VerifyReleaseKeyOptions = { devMockRootCa: devMockRootCa(), now: DEV_NOW }

const summary = (verdict: ReleaseKeyVerdict) =>
  verdict.checks.map((c) => `${c.id}:${c.status}${c.code ? `:${c.code}` : ''}`)

/** The RELEASE_KEY_NOT_ATTESTED error a verification throws (fails the test if it passes). */
async function refusal(
  sources: Parameters<typeof verifyReleaseKey>[0],
  extra: VerifyReleaseKeyOptions = {},
): Promise<ReleaseKeyNotAttestedError> {
  const error = await verifyReleaseKey(sources, { ...options, ...extra }).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ReleaseKeyNotAttestedError)
  expect((error as ReleaseKeyNotAttestedError).code).toBe('RELEASE_KEY_NOT_ATTESTED')
  expect((error as ReleaseKeyNotAttestedError).verdict.verified).toBe(false)
  return error as ReleaseKeyNotAttestedError
}

const QUOTE_PASS = [
  'quote.quote:pass',
  'quote.collateral:pass',
  'quote.trustAnchor:pass',
  'quote.signature:pass',
  'quote.qeIdentity:pass',
  'quote.tdxModule:pass',
  'quote.tcbStatus:pass',
  'quote.freshness:pass',
  'quote.debug:pass',
  'quote.measurements:pass',
  'quote.bootEvents:pass',
  'quote.rtmr3:pass',
  'quote.composeHash:pass',
  'quote.keyProvider:pass',
  'quote.reportData:pass',
]

describe('verifyReleaseKey', () => {
  test('default: the current key, its orchestrator policy and its evidence verify', async () => {
    const sources = releaseKeySources({ policy: orchestratorPolicy })
    const verdict = await verifyReleaseKey(sources, options)
    expect(verdict.verified).toBe(true)
    expect([
      verdict.keyId,
      verdict.publicKey,
      verdict.evidenceRef,
      verdict.policyHash,
      verdict.status,
    ]).toEqual([1, RELEASE_BINDING.publicKey, sources.key.evidenceRef, orchestratorPolicy.hash, 'Active'])
    expect(verdict.policy).toEqual({ name: 'local-orchestrator', version: 1, trustAnchor: 'dev-mock' })
    expect(summary(verdict)).toEqual([
      'key:pass',
      'publicKey:pass',
      'policyOnChain:pass',
      'evidence:pass',
      'policyFile:pass',
      'binding:pass',
      ...QUOTE_PASS,
    ])
    expect(verdict.measured?.composeHash).toBe(
      (orchestratorPolicy.json as AttestationPolicy).composeHashes[0],
    )
  })

  test('args: keyId reads that key; allowRetired accepts a retired key (an existing dataset)', async () => {
    const retired = releaseKeySources({ policy: orchestratorPolicy, status: 'Retired' })
    const verdict = await verifyReleaseKey(retired, { ...options, keyId: 1, allowRetired: true })
    expect([verdict.verified, verdict.status, summary(verdict)[0]]).toEqual([true, 'Retired', 'key:pass'])
  })

  test('error: a retired key is refused for new seals', async () => {
    const error = await refusal(releaseKeySources({ policy: orchestratorPolicy, status: 'Retired' }), {
      keyId: 1,
    })
    expect(error.details).toBe(
      'key: RELEASE_KEY_RETIRED key 1 is retired: new datasets are sealed to the current key',
    )
    expect(summary(error.verdict).slice(0, 3)).toEqual([
      'key:fail:RELEASE_KEY_RETIRED',
      'publicKey:pass',
      'policyOnChain:pass',
    ])
  })

  test('error: a revoked key always fails, even where retired keys are accepted', async () => {
    const error = await refusal(releaseKeySources({ policy: orchestratorPolicy, status: 'Revoked' }), {
      keyId: 1,
      allowRetired: true,
    })
    expect(error.details).toBe('key: RELEASE_KEY_REVOKED key 1 is revoked: nothing is released with it')
  })

  test('error: no active key on chain', async () => {
    const error = await refusal(releaseKeySources({ policy: orchestratorPolicy, status: 'Retired' }))
    expect(error.details).toBe('key: RELEASE_KEY_UNKNOWN the chain has no active release key')
    expect(summary(error.verdict)).toEqual([
      'key:fail:RELEASE_KEY_UNKNOWN',
      'publicKey:skipped',
      'policyOnChain:skipped',
      'evidence:skipped',
      'policyFile:skipped',
      'binding:skipped',
      'quote.quote:skipped',
    ])
  })

  test('error: the policy is not allowed on chain', async () => {
    const error = await refusal(
      releaseKeySources({ policy: orchestratorPolicy, policyRecord: { allowed: false } }),
    )
    expect(error.details).toBe(
      `policyOnChain: POLICY_NOT_ALLOWED policy ${orchestratorPolicy.hash} is not allowed`,
    )
    expect(summary(error.verdict).filter((s) => !s.endsWith(':pass'))).toEqual([
      'policyOnChain:fail:POLICY_NOT_ALLOWED',
    ])
  })

  test('error: the policy is allowed on chain with the provider role', async () => {
    const error = await refusal(
      releaseKeySources({ policy: orchestratorPolicy, policyRecord: { role: 'provider' } }),
    )
    expect(error.details).toBe(
      `policyOnChain: POLICY_ROLE_MISMATCH policy ${orchestratorPolicy.hash} is allowed with role provider, not orchestrator`,
    )
  })

  test('error: a provider policy file (allowed on chain as orchestrator by mistake) is refused', async () => {
    const provider = policyFile('local.json')
    const error = await refusal(releaseKeySources({ policy: provider }))
    expect(error.details).toBe('policyFile: POLICY_ROLE_MISMATCH policy local v1 has role provider')
    expect(summary(error.verdict)).toEqual([
      'key:pass',
      'publicKey:pass',
      'policyOnChain:pass',
      'evidence:pass',
      'policyFile:fail:POLICY_ROLE_MISMATCH',
      'binding:pass',
      'quote.quote:skipped',
    ])
  })

  test('error: a policy file that does not hash to the chain policy', async () => {
    const error = await refusal(
      releaseKeySources({ policy: { json: policyFile('local.json').json, hash: orchestratorPolicy.hash } }),
    )
    expect(error.details).toBe(
      `policyFile: POLICY_HASH_MISMATCH keccak256(JCS) ${hashes['local.json']} ≠ ${orchestratorPolicy.hash} on chain`,
    )
  })

  test('error: a dev-mock quote under an orchestrator policy that pins the Intel root', async () => {
    // The local orchestrator policy with the Intel anchor: only the anchor differs, and only the chain check fails.
    const json = {
      ...(orchestratorPolicy.json as AttestationPolicy),
      trustAnchor: { kind: 'intel', rootCaSha256: INTEL_ROOT_CA_SHA256 },
    }
    const intel = { json, hash: policyHash(json as AttestationPolicy) }
    const error = await refusal(releaseKeySources({ policy: intel }))
    expect(error.details).toBe(
      'quote.signature: UNTRUSTED_ROOT the quote\'s certificate chain ends in "LICEN Dev Mock SGX Root CA" (sha256 f317a799675a2f4518747ee7dcf8443f78b5793363025124f326bb0e4764461d), not the intel root 44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3 this verification trusts (dcap-qvl: UnknownRevocationStatus)',
    )
    expect(summary(error.verdict).filter((s) => !s.endsWith(':pass'))).toEqual([
      'quote.signature:fail:UNTRUSTED_ROOT',
      'quote.qeIdentity:skipped',
      'quote.tdxModule:skipped',
      'quote.tcbStatus:skipped',
    ])
  })

  test('error: the production orchestrator template (Intel root, zero measurements) refuses dev evidence', async () => {
    const error = await refusal(
      releaseKeySources({ policy: policyFile('production-orchestrator.template.json') }),
    )
    expect(summary(error.verdict).filter((s) => s.includes(':fail'))).toEqual([
      'quote.signature:fail:UNTRUSTED_ROOT',
      'quote.measurements:fail:MEASUREMENT_NOT_ALLOWED',
      'quote.composeHash:fail:COMPOSE_HASH_NOT_ALLOWED',
      'quote.keyProvider:fail:KEY_PROVIDER_NOT_ALLOWED',
    ])
  })

  test.each([
    [
      'another public key',
      { ...RELEASE_BINDING, publicKey: `0x03${'b8'.repeat(32)}` as const },
      'binding: BINDING_KEY_MISMATCH evidence binds key 0x03b8b8b8b8b8b8b8b8b8b8b8b8b8b8b8b8b8b8b8b8b8b8b8b8b8b8b8b8b8b8b8b8, not 0x02a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7 (+1 more failed)',
    ],
    [
      'another chain',
      { ...RELEASE_BINDING, chainId: 1 },
      'binding: BINDING_CHAIN_MISMATCH evidence binds chain 1, not 31337 (+1 more failed)',
    ],
    [
      'another contract',
      { ...RELEASE_BINDING, dataPolicy: `0x${'6e'.repeat(20)}` as const },
      'binding: BINDING_CONTRACT_MISMATCH evidence binds contract 0x6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e, not 0x5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f (+1 more failed)',
    ],
  ])('error: evidence that binds %s', async (_, binding, details) => {
    const error = await refusal(
      releaseKeySources({ policy: orchestratorPolicy, evidence: devReleaseKeyEvidence({ binding }) }),
    )
    expect(error.details).toBe(details)
    expect(summary(error.verdict).filter((s) => !s.endsWith(':pass'))).toEqual([
      expect.stringMatching(/^binding:fail:BINDING_/),
      'quote.reportData:fail:REPORT_DATA_MISMATCH',
    ])
  })

  test('error: a document naming this key whose quote binds another key', async () => {
    const quoted = { ...RELEASE_BINDING, publicKey: `0x03${'b8'.repeat(32)}` as const }
    const error = await refusal(
      releaseKeySources({ policy: orchestratorPolicy, evidence: devReleaseKeyEvidence({ quoted }) }),
    )
    expect(error.details).toMatch(
      /^quote\.reportData: REPORT_DATA_MISMATCH the quote carries report_data [0-9a-f]{16}… but [0-9a-f]{16}… was expected/,
    )
    expect(summary(error.verdict).filter((s) => !s.endsWith(':pass'))).toEqual([
      'quote.reportData:fail:REPORT_DATA_MISMATCH',
    ])
  })

  test('error: a registered 33-byte key that is not a secp256k1 point (0x035e5e…)', async () => {
    const sources = releaseKeySources({ policy: orchestratorPolicy })
    const offCurve = `0x03${'5e'.repeat(32)}` as const
    sources.key.publicKey = offCurve
    const error = await refusal(sources)
    expect(error.details).toBe(
      `publicKey: RELEASE_KEY_INVALID_POINT ${offCurve} is not a point on secp256k1 (+2 more failed)`,
    )
    expect(summary(error.verdict).filter((s) => !s.endsWith(':pass'))).toEqual([
      'publicKey:fail:RELEASE_KEY_INVALID_POINT',
      'binding:fail:BINDING_KEY_MISMATCH',
      'quote.reportData:fail:REPORT_DATA_MISMATCH',
    ])
  })

  test('error: evidence missing from storage', async () => {
    const sources = releaseKeySources({ policy: orchestratorPolicy, stored: false })
    const error = await refusal(sources)
    expect(error.details).toBe(
      `evidence: EVIDENCE_MISSING storage has nothing under ${sources.key.evidenceRef}`,
    )
    expect(summary(error.verdict)).toEqual([
      'key:pass',
      'publicKey:pass',
      'policyOnChain:pass',
      'evidence:fail:EVIDENCE_MISSING',
      'policyFile:pass',
      'binding:skipped',
      'quote.quote:skipped',
    ])
  })

  test('error: stored bytes that are not the evidenceRef on chain', async () => {
    const sources = releaseKeySources({ policy: orchestratorPolicy })
    const other = new TextEncoder().encode(
      devReleaseKeyEvidence({ binding: { ...RELEASE_BINDING, chainId: 1 } }),
    )
    const error = await refusal({ ...sources, readEvidence: async () => other })
    expect(error.details).toMatch(
      /^evidence: EVIDENCE_ROOT_MISMATCH storage root 0x[0-9a-f]{64} ≠ evidenceRef 0x/,
    )
  })

  test('error: evidence made after now', async () => {
    const error = await refusal(releaseKeySources({ policy: orchestratorPolicy }), { now: DEV_NOW - 601 })
    expect(error.details).toBe(
      `evidence: EVIDENCE_FROM_FUTURE made at ${DEV_NOW}, after now (${DEV_NOW - 601})`,
    )
  })

  test('error: a storage read that never answers fails at its deadline, naming what it waited for', async () => {
    const sources = releaseKeySources({ policy: orchestratorPolicy })
    const error = await refusal({ ...sources, readEvidence: () => new Promise(() => {}) }, { timeoutMs: 50 })
    expect(error.details).toBe(
      'evidence: SOURCE_UNAVAILABLE no answer within 50 ms reading the evidence from storage',
    )
  })

  test('error: a chain read that fails', async () => {
    const sources = releaseKeySources({ policy: orchestratorPolicy })
    const error = await refusal({
      ...sources,
      readReleaseKey: async () => {
        throw new Error('connection refused')
      },
    })
    expect(error.details).toBe(
      'key: SOURCE_UNAVAILABLE cannot read the current release key from chain: connection refused',
    )
  })
})
