// Runs in Chromium (vitest.browser.config.ts): a publisher verifying the release key in the browser before sealing.

import glueUrl from '@phala/dcap-qvl-web/dcap-qvl-web.js?url'
import wasmUrl from '@phala/dcap-qvl-web/dcap-qvl-web_bg.wasm?url'
import { describe, expect, inject, test } from 'vitest'
import { releaseKeyCaseSources } from '../../test/browser/releaseKeyCase.js'
import { createDcapWasmSource } from '../dcap/createDcapWasmSource.js'
import { devMockRootCa } from '../devTee/mockPki.js'
import { ReleaseKeyNotAttestedError, verifyReleaseKey } from './verifyReleaseKey.js'

const key = inject('releaseKeyCase')
const dcapWasm = createDcapWasmSource({ wasm: wasmUrl, glue: glueUrl })
const DEV_NOW = 1_767_225_600

describe('verifyReleaseKey in the browser', () => {
  test('default: the registered key verifies with the dcap-qvl WASM, with the verdict Node gives', async () => {
    const started = performance.now()
    const verdict = await verifyReleaseKey(releaseKeyCaseSources(key), {
      dcapWasm,
      devMockRootCa: devMockRootCa(),
      now: DEV_NOW,
    })
    console.info(
      `verifyReleaseKey in Chromium: ${Math.round(performance.now() - started)} ms (first call, WASM load included)`,
    )
    expect(verdict.verified).toBe(true)
    expect(verdict.checks.length).toBe(21)
    expect(JSON.parse(JSON.stringify(verdict))).toEqual(JSON.parse(inject('nodeReleaseKeyVerdict')))
  })

  test('error: evidence bytes that are not the evidenceRef on chain are refused RELEASE_KEY_NOT_ATTESTED', async () => {
    const tampered = new TextEncoder().encode(key.evidence.replace('"createdAt":', '"createdAt": '))
    const error = await verifyReleaseKey(releaseKeyCaseSources(key, tampered), {
      dcapWasm,
      devMockRootCa: devMockRootCa(),
      now: DEV_NOW,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ReleaseKeyNotAttestedError)
    expect((error as ReleaseKeyNotAttestedError).code).toBe('RELEASE_KEY_NOT_ATTESTED')
    expect((error as ReleaseKeyNotAttestedError).details).toMatch(
      /^evidence: EVIDENCE_ROOT_MISMATCH storage root 0x[0-9a-f]{64} ≠ evidenceRef 0x[0-9a-f]{64}$/,
    )
  })
})
