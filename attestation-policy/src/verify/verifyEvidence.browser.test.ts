// Runs in Chromium (vitest.browser.config.ts): dcap-qvl-web loaded from the URLs Vite emits, no Node built-ins.

import { hexToBytes } from '@noble/hashes/utils'
import glueUrl from '@phala/dcap-qvl-web/dcap-qvl-web.js?url'
import wasmUrl from '@phala/dcap-qvl-web/dcap-qvl-web_bg.wasm?url'
import { describe, expect, inject, test } from 'vitest'
import { createDcapWasmSource } from '../dcap/createDcapWasmSource.js'
import { devMockRootCa } from '../devTee/mockPki.js'
import { parsePolicyJson } from '../policy/parsePolicy.js'
import type { Verdict } from './verdict.js'
import { verifyEvidence } from './verifyEvidence.js'

const cases = inject('browserCases')
const local = parsePolicyJson(inject('localPolicy'))
const dcapWasm = createDcapWasmSource({ wasm: wasmUrl, glue: glueUrl })
const summary = (verdict: Verdict) =>
  verdict.checks.map((c) => `${c.id}:${c.status}${c.code ? `:${c.code}` : ''}`)

async function verifyInBrowser(name: string) {
  const input = cases.find((c) => c.name === name)
  if (!input) throw new Error(`no case ${name}`)
  const verdict = await verifyEvidence(
    { quote: hexToBytes(input.quote), eventLog: input.eventLog },
    input.policy === 'local' ? local : undefined,
    {
      collateral: input.collateral,
      now: input.now,
      expectedReportData: input.expectedReportData ? hexToBytes(input.expectedReportData) : undefined,
      devMockRootCa: input.policy === 'local' ? devMockRootCa() : undefined,
      dcapWasm,
    },
  )
  // Same verdict as Node, check for check and value for value (JSON drops the undefined fields on both sides).
  expect(JSON.parse(JSON.stringify(verdict))).toEqual(JSON.parse(input.nodeVerdict))
  return verdict
}

describe('verifyEvidence in the browser', () => {
  test('default: the real Intel sample under a pinned now passes, with the measured values Node reads', async () => {
    const verdict = await verifyInBrowser('the real Intel sample under a pinned now')
    expect(verdict.ok).toBe(true)
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
    expect(verdict.trustAnchor).toEqual({
      kind: 'intel',
      rootCaSha256: '44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3',
    })
    // keccak256 of the 4936 signed bytes; the sample's 70 bytes of zero padding after them are not hashed.
    expect(verdict.quoteHash).toBe('0xd5d1a9c2934b80be0e36d4b365bface7fa350ec39396aabf724429ebdc273aa0')
    expect(verdict.measured).toMatchObject({
      tcbStatus: 'UpToDate',
      fmspc: 'B0C06F000000',
      mrtd: '91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b2538873118b7',
    })
  })

  test('behavior: a dev TEE quote passes the local policy (dev-mock root patched into the WASM bytes)', async () => {
    const verdict = await verifyInBrowser('a dev TEE quote under the local policy')
    expect(verdict.ok).toBe(true)
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
      'measurements:pass',
      'bootEvents:pass',
      'rtmr3:pass',
      'composeHash:pass',
      'keyProvider:pass',
      'reportData:pass',
    ])
    expect(verdict.trustAnchor).toEqual({
      kind: 'dev-mock',
      rootCaSha256: 'f317a799675a2f4518747ee7dcf8443f78b5793363025124f326bb0e4764461d',
    })
    expect(verdict.policyHash).toBe('0xb74eacf8862a0d13b5fb30f0d0a306350dc8e4021f66159319b2e1ee8cc15329')
    expect(verdict.measured.measurementName).toBe('licen-dev-image-v1')
  })

  test('behavior: the same page keeps the two anchors apart: the Intel verifier refuses the dev quote', async () => {
    const verdict = await verifyInBrowser('a dev TEE quote under the Intel anchor')
    expect(verdict.ok).toBe(false)
    expect(summary(verdict)).toContain('signature:fail:UNTRUSTED_ROOT')
  })

  test('error: one flipped byte in the Intel sample report_data breaks the quote signature', async () => {
    const verdict = await verifyInBrowser('the real Intel sample with one flipped byte in report_data')
    expect(verdict.ok).toBe(false)
    expect(summary(verdict)).toContain('signature:fail:QUOTE_SIGNATURE_INVALID')
    expect(verdict.checks.find((c) => c.id === 'signature')?.reason).toBe(
      'a quote signature does not verify: the quote was altered (dcap-qvl: Isv enclave report signature is invalid)',
    )
  })

  test('error: one flipped byte in the dev quote MRTD is refused under the local policy', async () => {
    const verdict = await verifyInBrowser(
      'a dev TEE quote with one flipped byte in MRTD under the local policy',
    )
    expect(verdict.ok).toBe(false)
    expect(summary(verdict)).toContain('signature:fail:QUOTE_SIGNATURE_INVALID')
    expect(summary(verdict)).toContain('measurements:fail:MEASUREMENT_NOT_ALLOWED')
  })

  test('error: without a WASM source the browser fails closed (no Node loader here)', async () => {
    const input = cases.find((c) => c.name === 'the real Intel sample under a pinned now')!
    const verdict = await verifyEvidence({ quote: hexToBytes(input.quote) }, undefined, {
      collateral: input.collateral,
      now: input.now,
    })
    expect(verdict.ok).toBe(false)
    expect(summary(verdict)).toContain('trustAnchor:fail:VERIFIER_UNAVAILABLE')
    expect(verdict.checks.find((c) => c.id === 'trustAnchor')?.reason).toBe(
      'The dcap-qvl WASM verifier could not be loaded. outside Node, pass a source from createDcapWasmSource (the WASM and glue URLs)',
    )
  })
})
