import { hexToBytes } from '@noble/hashes/utils'
import { describe, expect, test } from 'vitest'
import { dstackSample, fixtureJson, intelSample } from '../../test/fixtures.js'
import { parseQuote } from '../quote/parseQuote.js'
import type { Verdict } from '../verify/verdict.js'
import { verifyEvidence } from '../verify/verifyEvidence.js'
import { derivePolicy, findDstackMeasurement } from './derivePolicy.js'
import { DSTACK_OS_MEASUREMENTS } from './dstackReleases.js'
import { policyHash } from './policyHash.js'
import type { AttestationPolicy } from './policySchema.js'

const summary = (verdict: Verdict) =>
  verdict.checks.map((c) => `${c.id}:${c.status}${c.code ? `:${c.code}` : ''}`)

/** The policy that names exactly what the real dstack quote-report fixture measured. */
const fixturePolicy = () =>
  derivePolicy({
    role: 'provider',
    release: 'dstack-0.5.4.1',
    composeHashes: [dstackSample.composeHash],
    keyProviders: [
      { name: 'local-sgx', id: '1b7a49378403249b6986a907844cab0921eca32dd47e657f3c10311ccaeccf8b' },
    ],
  })

function verifyFixture(policy: AttestationPolicy) {
  const report = fixtureJson<{ event_log: string; report_data: string }>('dstack/quote-report.json')
  return verifyEvidence({ quote: dstackSample.quote(), eventLog: report.event_log }, policy, {
    collateral: intelSample.collateral(),
    now: intelSample.now,
    expectedReportData: hexToBytes(report.report_data),
  })
}

describe('DSTACK_OS_MEASUREMENTS', () => {
  test("default: the dstack-0.5.4.1 entry is exactly what the real quote reports, and its vm_config's image", () => {
    const report = dstackSample.report()
    const td = parseQuote(dstackSample.quote()).td!
    const vm = JSON.parse(report.vm_config) as Record<string, unknown>
    const entry = findDstackMeasurement('dstack-0.5.4.1')
    expect([entry.mrtd, entry.rtmr0, entry.rtmr1, entry.rtmr2]).toEqual([
      td.mrtd,
      td.rtmr0,
      td.rtmr1,
      td.rtmr2,
    ])
    expect(entry.osImageHash).toBe(vm.os_image_hash)
    expect([vm.cpu_count, vm.memory_size, vm.num_gpus]).toEqual([16, 64 * 1024 ** 3, 1])
    expect(DSTACK_OS_MEASUREMENTS.map((m) => `${m.release}/${m.vm}`)).toEqual([
      'dstack-0.5.4.1/16cpu-64g-1gpu',
    ])
  })
})

describe('derivePolicy', () => {
  test('default: an Intel-rooted policy with the release measurements, hash exact', () => {
    const policy = derivePolicy({
      role: 'orchestrator',
      release: 'dstack-0.5.4.1',
      composeHashes: ['ab'.repeat(32)],
    })
    expect(policy).toMatchObject({
      schema: 'licen/attestation-policy/v2',
      role: 'orchestrator',
      name: 'licen-orchestrator',
      version: 1,
      trustAnchor: {
        kind: 'intel',
        rootCaSha256: '44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3',
      },
      allowedTcbStatuses: ['UpToDate'],
      maxCollateralAgeSeconds: 604_800,
      allowDebug: false,
      composeHashes: ['ab'.repeat(32)],
      keyProviders: [{ name: 'kms' }],
    })
    expect(policy.measurements.map((m) => m.name)).toEqual(['dstack-0.5.4.1/16cpu-64g-1gpu'])
    expect(policyHash(policy)).toBe('0x9134727577154a561bd369a032b673a8651844db47e76bf8238cd43d805c641d')
  })

  test('behavior: the policy derived for the fixture passes every check it governs on the real dstack quote', async () => {
    const policy = fixturePolicy()
    expect(policyHash(policy)).toBe('0xb25eb873f40901a7bb170af5e24b17c8f58ad3d987a951beaea794fa97013852')
    const verdict = await verifyFixture(policy)
    expect(summary(verdict)).toEqual([
      'quote:pass',
      'collateral:pass',
      'trustAnchor:pass',
      // The fixture has no collateral of its own: the Intel sample's is for another platform, so the quote's
      // signature chain cannot be checked here (and the TCB checks after it are skipped).
      'signature:fail:CERT_EXPIRED',
      'qeIdentity:skipped',
      'tdxModule:skipped',
      'tcbStatus:skipped',
      'freshness:pass',
      'debug:pass',
      'measurements:pass',
      'bootEvents:pass',
      'rtmr3:pass',
      'composeHash:pass',
      'keyProvider:pass',
      'reportData:pass',
    ])
  })

  test('behavior: another compose hash, or another RTMR0 (VM shape), fails that check on the same quote', async () => {
    const policy = fixturePolicy()
    const otherCompose = await verifyFixture({ ...policy, composeHashes: ['ab'.repeat(32)] })
    expect(summary(otherCompose)).toContain('composeHash:fail:COMPOSE_HASH_NOT_ALLOWED')
    const otherShape = await verifyFixture({
      ...policy,
      measurements: [{ ...policy.measurements[0]!, rtmr0: 'cd'.repeat(48) }],
    })
    expect(summary(otherShape)).toContain('measurements:fail:MEASUREMENT_NOT_ALLOWED')
  })

  test.each([
    [
      'an unknown release',
      { release: 'dstack-0.6.0' },
      'No measurements are recorded for dstack OS release dstack-0.6.0.',
    ],
    [
      'an unknown VM shape',
      { release: 'dstack-0.5.4.1', vm: '2cpu-4g' },
      'No measurements are recorded for dstack OS release dstack-0.5.4.1 on VM shape 2cpu-4g.',
    ],
  ])('error: %s is refused POLICY_RELEASE_UNKNOWN, never guessed', (_, args, shortMessage) => {
    expect(() => derivePolicy({ role: 'provider', composeHashes: ['ab'.repeat(32)], ...args })).toThrowError(
      expect.objectContaining({
        code: 'POLICY_RELEASE_UNKNOWN',
        shortMessage,
        details:
          'known: dstack-0.5.4.1/16cpu-64g-1gpu. Measure the release (a quote from a CVM booted on it, or dstack-mr on its image) and add it with its source to attestation-policy/src/policy/dstackReleases.ts',
      }),
    )
  })

  test('error: a malformed compose hash is POLICY_INVALID', () => {
    expect(() =>
      derivePolicy({ role: 'provider', release: 'dstack-0.5.4.1', composeHashes: ['0xAB'] }),
    ).toThrowError(
      expect.objectContaining({
        code: 'POLICY_INVALID',
        details: 'composeHashes.0: compose hash: 32 bytes as lowercase hex without 0x',
      }),
    )
  })
})
