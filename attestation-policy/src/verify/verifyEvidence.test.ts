import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils'
import { describe, expect, test } from 'vitest'
import { DEV_NOW, devTee, testBinding } from '../../test/devEvidence.js'
import { dstackSample, fixtureBytes, fixtureJson, intelSample, packageText } from '../../test/fixtures.js'
import { createDevImage } from '../devTee/devImage.js'
import { signP256Raw } from '../devTee/mockCertificate.js'
import { mockCollateral } from '../devTee/mockCollateral.js'
import { createMockPki, devMockRootCa } from '../devTee/mockPki.js'
import { mockTdxQuote } from '../devTee/mockQuote.js'
import { parsePolicyJson } from '../policy/parsePolicy.js'
import type { AttestationPolicy } from '../policy/policySchema.js'
import type { Verdict } from './verdict.js'
import { verifyEvidence } from './verifyEvidence.js'

const local = parsePolicyJson(packageText('policies/local.json'))
const production = parsePolicyJson(packageText('policies/production.template.json'))
/** The dev-mock anchor the local devnet injects (the dev TEE module's shared root). */
const devRoot = devMockRootCa()
const summary = (verdict: Verdict) =>
  verdict.checks.map((c) => `${c.id}:${c.status}${c.code ? `:${c.code}` : ''}`)
const reasonOf = (verdict: Verdict, id: string) => verdict.checks.find((c) => c.id === id)?.reason

/** Evidence from the dev TEE bound to `nonce`, with collateral issued a minute before DEV_NOW. */
function devEvidence(tee = devTee(), nonce = 'nonce-1') {
  const reportData = testBinding(nonce)
  const { quote, eventLog } = tee.quote(reportData)
  return { tee, reportData, quote, eventLog, collateral: tee.collateral() }
}

const LOCAL_PASS = [
  'quote:pass',
  'collateral:pass',
  'trustAnchor:pass',
  'signature:pass',
  'qeIdentity:pass',
  'tdxModule:pass',
  'tcbStatus:pass',
  'freshness:pass',
  'debug:pass',
  'measurements:pass',
  'bootEvents:pass',
  'rtmr3:pass',
  'composeHash:pass',
  'keyProvider:pass',
  'reportData:pass',
]

describe('real Intel evidence', () => {
  test('default: UpToDate with pinned now, measured values exact', async () => {
    const verdict = await verifyEvidence({ quote: intelSample.quote() }, undefined, {
      collateral: intelSample.collateral(),
      now: intelSample.now,
    })
    expect(verdict.ok).toBe(true)
    expect(verdict.verified).toBe(true)
    expect(summary(verdict)).toEqual([
      'quote:pass',
      'collateral:pass',
      'trustAnchor:pass',
      'signature:pass',
      'qeIdentity:pass',
      'tdxModule:pass',
      'tcbStatus:pass',
      'freshness:pass',
      'debug:pass',
    ])
    expect(verdict.measured).toMatchObject({
      teeType: 'tdx',
      quoteVersion: 4,
      tcbStatus: 'UpToDate',
      qeTcbStatus: 'UpToDate',
      fmspc: 'B0C06F000000',
      mrtd: intelSample.mrtd,
      rtmr0: intelSample.rtmr0,
      rtmr1: intelSample.rtmr1,
      rtmr2: intelSample.rtmr2,
      rtmr3: '00'.repeat(48),
      reportData: intelSample.reportData,
      debug: false,
    })
    // keccak256 of the 4936 signed bytes; the sample's 70 bytes of zero padding after them are not hashed.
    expect(verdict.quoteHash).toBe('0xd5d1a9c2934b80be0e36d4b365bface7fa350ec39396aabf724429ebdc273aa0')
  })

  test('error: trailing bytes after the signed quote are refused; zero padding leaves one hash', async () => {
    const options = { collateral: intelSample.collateral(), now: intelSample.now }
    const sample = intelSample.quote()
    const withByte = (quote: Uint8Array, byte: number) => {
      const out = new Uint8Array(quote.length + 1)
      out.set(quote)
      out[quote.length] = byte
      return out
    }
    const trailing = await verifyEvidence({ quote: withByte(sample, 0x01) }, undefined, options)
    expect(trailing.ok).toBe(false)
    expect(trailing.verified).toBe(false)
    expect(summary(trailing)).toEqual(['quote:fail:QUOTE_INVALID'])
    expect(reasonOf(trailing, 'quote')).toBe(
      'The quote carries bytes its signature does not cover. trailing bytes after the signed quote (71 bytes after its 4936, not zero padding)',
    )
    // The same attestation cut to its signed bytes, as given, or with more zero padding: one verdict, one hash.
    const hashes = new Set<string>()
    for (const quote of [sample.subarray(0, 4936), sample, withByte(sample, 0)]) {
      const verdict = await verifyEvidence({ quote }, undefined, options)
      expect(verdict.ok).toBe(true)
      hashes.add(verdict.quoteHash)
    }
    expect([...hashes]).toEqual(['0xd5d1a9c2934b80be0e36d4b365bface7fa350ec39396aabf724429ebdc273aa0'])
  })

  test('error: stale collateral refused with the real clock', async () => {
    const verdict = await verifyEvidence({ quote: intelSample.quote() }, undefined, {
      collateral: intelSample.collateral(),
      now: Math.floor(Date.now() / 1000),
    })
    expect(verdict.ok).toBe(false)
    expect(summary(verdict)).toContain('signature:fail:COLLATERAL_EXPIRED')
    expect(summary(verdict)).toContain('freshness:fail:COLLATERAL_EXPIRED')
  })

  test.each([
    ['report_data', 48 + 520 + 10],
    ['MRTD', 48 + 136 + 5],
  ])('error: one flipped byte in %s breaks the quote signature', async (_, offset) => {
    const quote = intelSample.quote()
    quote[offset]! ^= 0x01
    const verdict = await verifyEvidence({ quote }, undefined, {
      collateral: intelSample.collateral(),
      now: intelSample.now,
    })
    expect(verdict.ok).toBe(false)
    expect(summary(verdict)).toContain('signature:fail:QUOTE_SIGNATURE_INVALID')
    expect(reasonOf(verdict, 'signature')).toBe(
      'a quote signature does not verify: the quote was altered (dcap-qvl: Isv enclave report signature is invalid)',
    )
  })

  test('error: the TDX v5 (outdated) sample is refused under an UpToDate-only policy', async () => {
    const policy = {
      ...production,
      measurements: [{ ...production.measurements[0]!, mrtd: 'ab'.repeat(48) }],
    }
    const verdict = await verifyEvidence({ quote: fixtureBytes('tdx/sample_tdx_quote_outdated') }, policy, {
      collateral: fixtureJson('tdx/sample_tdx_quote_outdated_collateral.json'),
      now: 1_771_416_000,
    })
    expect(verdict.ok).toBe(false)
    expect(summary(verdict)).toContain('signature:fail:QUOTE_UNSUPPORTED')
  })

  test('error: the SGX sample is refused under an UpToDate-only policy and on its own', async () => {
    const evidence = { quote: fixtureBytes('tdx/sample_sgx_quote') }
    const options = { collateral: fixtureJson('tdx/sample_sgx_quote_collateral.json'), now: 1_750_335_000 }
    const alone = await verifyEvidence(evidence, undefined, options)
    expect(summary(alone)).toContain('tcbStatus:fail:TCB_STATUS_NOT_ALLOWED')
    expect(reasonOf(alone, 'tcbStatus')).toBe(
      'platform ConfigurationAndSWHardeningNeeded not allowed (allowed: UpToDate) (advisories INTEL-SA-00289, INTEL-SA-00615): the platform needs a TCB recovery',
    )
    const withPolicy = await verifyEvidence(evidence, production, options)
    expect(summary(withPolicy).slice(0, 1)).toEqual(['quote:fail:QUOTE_NOT_TDX'])
    expect(summary(withPolicy)).toContain('tcbStatus:fail:TCB_STATUS_NOT_ALLOWED')
  })

  test('behavior: a policy with the sample measurements passes them but requires event log and binding', async () => {
    const policy: AttestationPolicy = {
      ...production,
      measurements: [
        {
          name: 'sample',
          mrtd: intelSample.mrtd,
          rtmr0: intelSample.rtmr0,
          rtmr1: intelSample.rtmr1,
          rtmr2: intelSample.rtmr2,
        },
      ],
    }
    const verdict = await verifyEvidence({ quote: intelSample.quote() }, policy, {
      collateral: intelSample.collateral(),
      now: intelSample.now,
      expectedReportData: hexToBytes(intelSample.reportData),
    })
    expect(summary(verdict).slice(9)).toEqual([
      'measurements:pass',
      'rtmr3:fail:EVENT_LOG_MISSING',
      'composeHash:skipped',
      'keyProvider:skipped',
      'reportData:pass',
    ])
    expect(verdict.ok).toBe(false)
  })
})

describe('real dstack event log', () => {
  test('default: RTMR3 replays exactly and identity is read from it', async () => {
    const report = dstackSample.report()
    const verdict = await verifyEvidence(
      { quote: dstackSample.quote(), eventLog: report.event_log },
      undefined,
      {
        collateral: intelSample.collateral(),
        now: intelSample.now,
      },
    )
    expect(summary(verdict).at(-1)).toBe('rtmr3:pass')
    expect(verdict.measured).toMatchObject({
      rtmr3: dstackSample.rtmr3,
      composeHash: dstackSample.composeHash,
      appId: dstackSample.appId,
      instanceId: dstackSample.instanceId,
      keyProvider: {
        name: 'local-sgx',
        id: '1b7a49378403249b6986a907844cab0921eca32dd47e657f3c10311ccaeccf8b',
      },
    })
    // The sample collateral is for another platform and date: the chain check explains why it fails.
    expect(summary(verdict)).toContain('signature:fail:CERT_EXPIRED')
  })

  test('error: a forged compose-hash payload is refused whether or not its digest is kept', async () => {
    const events = JSON.parse(dstackSample.report().event_log) as Record<string, unknown>[]
    const forged = events.map((e) =>
      e.event === 'compose-hash' ? { ...e, event_payload: '11'.repeat(32) } : e,
    )
    const options = { collateral: intelSample.collateral(), now: intelSample.now }
    const kept = await verifyEvidence({ quote: dstackSample.quote(), eventLog: forged }, undefined, options)
    expect(summary(kept).at(-1)).toBe('rtmr3:fail:EVENT_DIGEST_MISMATCH')
    expect(reasonOf(kept, 'rtmr3')).toBe(
      'event 22 (compose-hash) claims a digest that is not the hash of its payload: the log was edited',
    )
    const stripped = forged.map(({ digest, ...rest }) => rest)
    const noDigest = await verifyEvidence(
      { quote: dstackSample.quote(), eventLog: stripped },
      undefined,
      options,
    )
    expect(summary(noDigest).at(-1)).toBe('rtmr3:fail:RTMR3_MISMATCH')
    expect(noDigest.measured.composeHash).toBeUndefined()
  })
})

describe('real dstack boot events', () => {
  const options = { collateral: intelSample.collateral(), now: intelSample.now }
  const log = () => JSON.parse(dstackSample.report().event_log) as Record<string, unknown>[]
  const bootCheck = (verdict: Verdict) => verdict.checks.find((c) => c.id === 'bootEvents')

  test('default: the IMR 0-2 events replay to the quote RTMR0-2 and the check is listed before RTMR3', async () => {
    const verdict = await verifyEvidence({ quote: dstackSample.quote(), eventLog: log() }, undefined, options)
    expect(summary(verdict).slice(-2)).toEqual(['bootEvents:pass', 'rtmr3:pass'])
    expect(bootCheck(verdict)).toEqual({
      id: 'bootEvents',
      title: 'Boot event log replay (RTMR0-2)',
      status: 'pass',
      code: undefined,
      reason: "20 boot events replay to the quote's RTMR0-2 (IMR 0: 13, IMR 1: 5, IMR 2: 2)",
    })
  })

  test.each<[string, (events: Record<string, unknown>[]) => Record<string, unknown>[], number, number]>([
    [
      'a forged firmware event in IMR 0',
      (events) => [
        ...events.slice(0, 10),
        { imr: 0, event_type: 1, digest: 'ab'.repeat(48), event: '', event_payload: '00' },
        ...events.slice(10),
      ],
      0,
      14,
    ],
    [
      'an IMR 1 event claiming another digest',
      (events) => events.map((e, i) => (i === 14 ? { ...e, digest: '00'.repeat(48) } : e)),
      1,
      5,
    ],
    ['an IMR 2 event removed', (events) => events.filter((_, i) => i !== 16), 2, 1],
  ])('error: %s is refused BOOT_EVENTS_MISMATCH, never shown as verified', async (_, tamper, imr, events) => {
    const verdict = await verifyEvidence(
      { quote: dstackSample.quote(), eventLog: tamper(log()) },
      undefined,
      options,
    )
    expect(verdict.ok).toBe(false)
    expect(summary(verdict).slice(-2)).toEqual(['bootEvents:fail:BOOT_EVENTS_MISMATCH', 'rtmr3:pass'])
    const quoted = [verdict.measured.rtmr0, verdict.measured.rtmr1, verdict.measured.rtmr2][imr]!.slice(0, 16)
    expect(reasonOf(verdict, 'bootEvents')).toMatch(
      new RegExp(
        `^the ${events} IMR ${imr} events replay to [0-9a-f]{16}… but the quote has RTMR${imr} ${quoted}…: the boot events were edited or belong to another boot$`,
      ),
    )
  })

  test('error: a boot event without a digest cannot be checked and is refused', async () => {
    const stripped = log().map((e) => (e.imr === 0 ? (({ digest, ...rest }) => rest)(e) : e))
    const verdict = await verifyEvidence(
      { quote: dstackSample.quote(), eventLog: stripped },
      undefined,
      options,
    )
    expect(summary(verdict)).toContain('bootEvents:fail:BOOT_EVENT_DIGEST_MISSING')
  })

  test('error: a forged boot event in dev TEE evidence fails a verdict that passes without it', async () => {
    const { quote, eventLog, collateral, reportData } = devEvidence()
    const options = { collateral, now: DEV_NOW, expectedReportData: reportData, devMockRootCa: devRoot }
    const forged = [
      { imr: 1, event_type: 0x80000003, digest: 'cd'.repeat(48), event: '', event_payload: '' },
      ...(JSON.parse(eventLog) as unknown[]),
    ]
    const verdict = await verifyEvidence({ quote, eventLog: forged }, local, options)
    expect(verdict.ok).toBe(false)
    expect(summary(verdict)).toEqual(
      LOCAL_PASS.map((check) =>
        check === 'bootEvents:pass' ? 'bootEvents:fail:BOOT_EVENTS_MISMATCH' : check,
      ),
    )
    expect(reasonOf(verdict, 'bootEvents')).toMatch(
      /^the 2 IMR 1 events replay to [0-9a-f]{16}… but the quote has RTMR1 [0-9a-f]{16}…: the boot events were edited or belong to another boot$/,
    )
  })
})

describe('development TEE', () => {
  test('default: accepted under the local (dev-mock) policy', async () => {
    const { quote, eventLog, collateral, reportData, tee } = devEvidence()
    const verdict = await verifyEvidence({ quote, eventLog }, local, {
      devMockRootCa: devRoot,
      collateral,
      now: DEV_NOW,
      expectedReportData: reportData,
    })
    expect(summary(verdict)).toEqual(LOCAL_PASS)
    expect(verdict.ok).toBe(true)
    expect(verdict.policyHash).toBe(JSON.parse(packageText('policies/hashes.json'))['local.json'])
    expect(verdict.measured).toMatchObject({
      composeHash: tee.composeHash,
      appId: tee.composeHash.slice(0, 40),
      instanceId: '07'.repeat(20),
      keyProvider: { name: 'dev-mock', id: tee.keyProviderId },
      measurementName: 'licen-dev-image-v1',
      reportData: bytesToHex(reportData),
    })
  })

  test('error: refused under the Intel anchor', async () => {
    const { quote, eventLog, collateral, reportData } = devEvidence()
    const policy = { ...local, trustAnchor: production.trustAnchor }
    const verdict = await verifyEvidence({ quote, eventLog }, policy, {
      devMockRootCa: devRoot,
      collateral,
      now: DEV_NOW,
      expectedReportData: reportData,
    })
    expect(verdict.ok).toBe(false)
    expect(summary(verdict)).toContain('signature:fail:UNTRUSTED_ROOT')
    expect(reasonOf(verdict, 'signature')).toMatch(
      /^the quote's certificate chain ends in "LICEN Dev Mock SGX Root CA" \(sha256 f317a799675a2f4518747ee7dcf8443f78b5793363025124f326bb0e4764461d\), not the intel root 44a0196b/,
    )
    const alone = await verifyEvidence({ quote }, undefined, { collateral, now: DEV_NOW })
    expect(summary(alone)).toContain('signature:fail:UNTRUSTED_ROOT')
  })

  test('error: a replayed nonce (quote bound to an earlier challenge) is refused', async () => {
    const { quote, eventLog, collateral } = devEvidence(devTee(), 'nonce-1')
    const verdict = await verifyEvidence({ quote, eventLog }, local, {
      devMockRootCa: devRoot,
      collateral,
      now: DEV_NOW,
      expectedReportData: testBinding('nonce-2'),
    })
    expect(summary(verdict).at(-1)).toBe('reportData:fail:REPORT_DATA_MISMATCH')
  })

  test('error: report_data bound to another key, or missing', async () => {
    const { quote, eventLog, collateral } = devEvidence()
    const other = await verifyEvidence({ quote, eventLog }, local, {
      devMockRootCa: devRoot,
      collateral,
      now: DEV_NOW,
      expectedReportData: testBinding('nonce-1', 'attacker-key'),
    })
    expect(summary(other).at(-1)).toBe('reportData:fail:REPORT_DATA_MISMATCH')
    const missing = await verifyEvidence({ quote, eventLog }, local, {
      collateral,
      now: DEV_NOW,
      devMockRootCa: devRoot,
    })
    expect(summary(missing).at(-1)).toBe('reportData:fail:REPORT_DATA_NOT_CHECKED')
    expect(missing.ok).toBe(false)
  })

  test('error: compose hash outside the policy', async () => {
    const { quote, eventLog, collateral, reportData } = devEvidence(
      devTee({ appCompose: '{"name":"other"}' }),
    )
    const verdict = await verifyEvidence({ quote, eventLog }, local, {
      devMockRootCa: devRoot,
      collateral,
      now: DEV_NOW,
      expectedReportData: reportData,
    })
    expect(summary(verdict)).toContain('composeHash:fail:COMPOSE_HASH_NOT_ALLOWED')
    expect(summary(verdict).filter((s) => s.includes('fail'))).toEqual([
      'composeHash:fail:COMPOSE_HASH_NOT_ALLOWED',
    ])
  })

  test('error: debug TD', async () => {
    const { quote, eventLog, collateral, reportData } = devEvidence(devTee({ debug: true }))
    const verdict = await verifyEvidence({ quote, eventLog }, local, {
      devMockRootCa: devRoot,
      collateral,
      now: DEV_NOW,
      expectedReportData: reportData,
    })
    expect(summary(verdict)).toContain('signature:fail:DEBUG_TD')
    expect(summary(verdict)).toContain('debug:fail:DEBUG_TD')
    expect(verdict.measured.debug).toBe(true)
  })

  test('error: expired collateral and collateral older than the policy allows', async () => {
    const { quote, eventLog, collateral, reportData } = devEvidence()
    const expired = await verifyEvidence({ quote, eventLog }, local, {
      devMockRootCa: devRoot,
      collateral,
      now: DEV_NOW + 31 * 86_400,
      expectedReportData: reportData,
    })
    expect(summary(expired)).toContain('signature:fail:COLLATERAL_EXPIRED')
    expect(summary(expired)).toContain('freshness:fail:COLLATERAL_EXPIRED')
    const old = await verifyEvidence({ quote, eventLog }, local, {
      devMockRootCa: devRoot,
      collateral,
      now: DEV_NOW + 8 * 86_400,
      expectedReportData: reportData,
    })
    expect(summary(old).filter((s) => s.includes('fail'))).toEqual(['freshness:fail:COLLATERAL_TOO_OLD'])
    expect(reasonOf(old, 'freshness')).toBe(
      'collateral issued 2025-12-31T23:59:00Z is 691260 s old, the policy allows 604800 s: fetch fresh collateral',
    )
  })

  test.each([
    [
      'the root CA CRL in place of the PCK CRL',
      (c: Record<string, string>) => ({ ...c, pck_crl: c.root_ca_crl! }),
    ],
    [
      'a PCK CRL signed by another mock PKI',
      (c: Record<string, string>) => ({
        ...c,
        pck_crl: mockCollateral(createMockPki(new Uint8Array(32).fill(9)), { issuedAt: DEV_NOW - 60 })
          .pck_crl,
      }),
    ],
  ])('error: garbage CRL (%s)', async (_, tamper) => {
    const { quote, eventLog, collateral, reportData } = devEvidence()
    const verdict = await verifyEvidence({ quote, eventLog }, local, {
      devMockRootCa: devRoot,
      collateral: tamper(collateral),
      now: DEV_NOW,
      expectedReportData: reportData,
    })
    expect(summary(verdict)).toContain('signature:fail:COLLATERAL_CRL_INVALID')
    expect(reasonOf(verdict, 'signature')).toBe(
      'the PCK CRL is not signed by the CA that issued the PCK certificate (dcap-qvl: Failed to verify certificate chain)',
    )
  })

  test('error: revoked PCK certificate', async () => {
    const { quote, eventLog, reportData, tee } = devEvidence()
    const collateral = mockCollateral(tee.pki, {
      issuedAt: DEV_NOW - 60,
      revokedPckSerials: [tee.pki.pckSerial],
    })
    const verdict = await verifyEvidence({ quote, eventLog }, local, {
      devMockRootCa: devRoot,
      collateral,
      now: DEV_NOW,
      expectedReportData: reportData,
    })
    expect(summary(verdict)).toContain('signature:fail:CERT_REVOKED')
  })

  test('error: OutOfDate TCB level', async () => {
    const tee = devTee()
    const reportData = testBinding('n')
    const { eventLog } = tee.quote(reportData)
    const quote = mockTdxQuote(tee.pki, {
      ...tee.image,
      rtmr3: tee.rtmr3(),
      reportData: bytesToHex(reportData),
      teeTcbSvn: '05010300000000000000000000000000',
    })
    const verdict = await verifyEvidence({ quote, eventLog }, local, {
      devMockRootCa: devRoot,
      collateral: tee.collateral(),
      now: DEV_NOW,
      expectedReportData: reportData,
    })
    expect(summary(verdict).filter((s) => s.includes('fail'))).toEqual([
      'tcbStatus:fail:TCB_STATUS_NOT_ALLOWED',
    ])
    expect(verdict.measured.advisoryIds).toEqual(['INTEL-SA-DEV-0001'])
  })

  test('error: an image outside the policy', async () => {
    const { quote, eventLog, collateral, reportData } = devEvidence(
      devTee({ image: createDevImage('other-image') }),
    )
    const verdict = await verifyEvidence({ quote, eventLog }, local, {
      devMockRootCa: devRoot,
      collateral,
      now: DEV_NOW,
      expectedReportData: reportData,
    })
    expect(summary(verdict).filter((s) => s.includes('fail'))).toEqual([
      'measurements:fail:MEASUREMENT_NOT_ALLOWED',
    ])
  })

  test('error: without an injected dev root the dev-mock anchor fails closed', async () => {
    const { quote, eventLog, collateral, reportData } = devEvidence()
    const verdict = await verifyEvidence({ quote, eventLog }, local, {
      collateral,
      now: DEV_NOW,
      expectedReportData: reportData,
    })
    expect(verdict.ok).toBe(false)
    expect(verdict.verified).toBe(false)
    expect(verdict.trustAnchor).toEqual({ kind: 'dev-mock', rootCaSha256: '' })
    expect(summary(verdict).filter((s) => !s.endsWith(':pass'))).toEqual([
      'trustAnchor:fail:TRUST_ANCHOR_MISSING',
      'signature:skipped',
      'qeIdentity:skipped',
      'tdxModule:skipped',
      'tcbStatus:skipped',
      'freshness:skipped',
    ])
    expect(reasonOf(verdict, 'trustAnchor')).toBe(
      "the dev-mock anchor was asked for but this verifier was given no dev-mock root CA (production verifiers trust Intel's root only; the local devnet injects devMockRootCa() from @licen/attestation-policy/dev-tee)",
    )
    const alone = await verifyEvidence({ quote }, undefined, {
      collateral,
      now: DEV_NOW,
      trustAnchor: 'dev-mock',
    })
    expect(summary(alone).slice(0, 4)).toEqual([
      'quote:pass',
      'collateral:pass',
      'trustAnchor:fail:TRUST_ANCHOR_MISSING',
      'signature:skipped',
    ])
  })

  test('error: a quote from another mock PKI, and a verifier given another dev root', async () => {
    const other = devTee({ state: { pkiSeed: new Uint8Array(32).fill(9), instanceId: new Uint8Array(20) } })
    const { quote, eventLog, collateral, reportData } = devEvidence(other)
    const verdict = await verifyEvidence({ quote, eventLog }, local, {
      devMockRootCa: devRoot,
      collateral,
      now: DEV_NOW,
      expectedReportData: reportData,
    })
    expect(summary(verdict)).toContain('signature:fail:UNTRUSTED_ROOT')
    const swapped = await verifyEvidence({ quote, eventLog }, local, {
      collateral,
      now: DEV_NOW,
      expectedReportData: reportData,
      devMockRootCa: other.pki.rootCa,
    })
    expect(summary(swapped)).toContain('trustAnchor:fail:TRUST_ANCHOR_MISMATCH')
  })

  test('error: QE identity altered, or re-signed for another quoting enclave', async () => {
    const { quote, eventLog, collateral, reportData, tee } = devEvidence()
    const options = { now: DEV_NOW, expectedReportData: reportData, devMockRootCa: devRoot }
    const altered = {
      ...collateral,
      qe_identity: collateral.qe_identity.replace('"isvprodid":2', '"isvprodid":3'),
    }
    const a = await verifyEvidence({ quote, eventLog }, local, { ...options, collateral: altered })
    expect(summary(a).filter((s) => s.includes('fail'))).toEqual(['qeIdentity:fail:QE_IDENTITY_INVALID'])
    const identity = collateral.qe_identity.replace('"isvprodid":2', '"isvprodid":3')
    const resigned = {
      ...collateral,
      qe_identity: identity,
      qe_identity_signature: bytesToHex(signP256Raw(tee.pki.keys.tcbSigner, utf8ToBytes(identity))),
    }
    const b = await verifyEvidence({ quote, eventLog }, local, { ...options, collateral: resigned })
    expect(summary(b).filter((s) => s.includes('fail'))).toEqual(['qeIdentity:fail:QE_IDENTITY_MISMATCH'])
    expect(reasonOf(b, 'qeIdentity')).toBe('QE ISVPRODID 2 is not 3')
  })

  test('error: key provider and app id outside the policy', async () => {
    const { quote, eventLog, collateral, reportData } = devEvidence()
    const policy = { ...local, keyProviders: [{ name: 'kms' }], appIds: ['00'.repeat(20)] }
    const verdict = await verifyEvidence({ quote, eventLog }, policy, {
      devMockRootCa: devRoot,
      collateral,
      now: DEV_NOW,
      expectedReportData: reportData,
    })
    expect(summary(verdict).filter((s) => s.includes('fail'))).toEqual([
      'appId:fail:APP_ID_NOT_ALLOWED',
      'keyProvider:fail:KEY_PROVIDER_NOT_ALLOWED',
    ])
  })

  test('behavior: events emitted after boot extend RTMR3 and still verify', async () => {
    const tee = devTee()
    tee.emitEvent('licen-job', utf8ToBytes('42'))
    const { quote, eventLog, collateral, reportData } = devEvidence(tee)
    const verdict = await verifyEvidence({ quote, eventLog }, local, {
      devMockRootCa: devRoot,
      collateral,
      now: DEV_NOW,
      expectedReportData: reportData,
    })
    expect(verdict.ok).toBe(true)
    expect(reasonOf(verdict, 'rtmr3')).toBe("8 runtime events replay to the quote's RTMR3")
  })

  test('error: an event log with an unknown event version, or none at all', async () => {
    const { quote, eventLog, collateral, reportData } = devEvidence()
    const events = (JSON.parse(eventLog) as Record<string, unknown>[]).map((e) =>
      e.imr === 3 ? { ...e, version: 2 } : e,
    )
    const options = { collateral, now: DEV_NOW, expectedReportData: reportData, devMockRootCa: devRoot }
    const v2 = await verifyEvidence({ quote, eventLog: events }, local, options)
    expect(summary(v2)).toContain('rtmr3:fail:EVENT_LOG_UNSUPPORTED_VERSION')
    expect(summary(v2)).toContain('composeHash:skipped')
    const none = await verifyEvidence({ quote }, local, options)
    expect(summary(none)).toContain('rtmr3:fail:EVENT_LOG_MISSING')
  })

  test('error: malformed inputs fail their checks instead of throwing', async () => {
    const verdict = await verifyEvidence({ quote: new Uint8Array(2000) }, local, {
      devMockRootCa: devRoot,
      collateral: {},
      now: DEV_NOW,
    })
    expect(summary(verdict)).toEqual(['quote:fail:QUOTE_INVALID'])
    const { quote } = devEvidence()
    const noCollateral = await verifyEvidence({ quote, eventLog: 'not json' }, local, {
      devMockRootCa: devRoot,
      collateral: { tcb_info: 1 },
      now: DEV_NOW,
    })
    expect(summary(noCollateral).slice(0, 4)).toEqual([
      'quote:pass',
      'collateral:fail:COLLATERAL_INVALID',
      'trustAnchor:pass',
      'signature:skipped',
    ])
    expect(summary(noCollateral)).toContain('rtmr3:fail:EVENT_LOG_INVALID')
  })

  test('error: now must be integer unix seconds', async () => {
    await expect(
      verifyEvidence({ quote: new Uint8Array(0) }, undefined, { collateral: {}, now: 1.5 }),
    ).rejects.toThrow('now must be a non-negative integer of unix seconds.')
  })
})
