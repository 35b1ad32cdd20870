import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex } from '@noble/hashes/utils'
import { describe, expect, test } from 'vitest'
import { intelSample } from '../../test/fixtures.js'
import { parseCollateral } from '../collateral/collateralSchema.js'
import { createMockPki } from '../devTee/mockPki.js'
import { loadDcapVerifier, replaceTrustAnchor } from './dcapVerifier.js'
import { INTEL_ROOT_CA_SHA256, intelRootCa } from './intelRootCa.js'
import { readDcapWasm } from './wasmSource.js'

describe('intelRootCa', () => {
  test('default: the pinned sha256 of the Intel root, which the WASM verifier embeds', async () => {
    expect(bytesToHex(sha256(intelRootCa()))).toBe(INTEL_ROOT_CA_SHA256)
    const wasm = await readDcapWasm()
    const patched = replaceTrustAnchor(wasm, createMockPki().rootCa)
    expect(patched.length).toBe(wasm.length)
    expect(bytesToHex(sha256(patched))).not.toBe(bytesToHex(sha256(wasm)))
  })
})

describe('replaceTrustAnchor', () => {
  test('error: a root of another size', async () => {
    expect(() => replaceTrustAnchor(new Uint8Array(10), new Uint8Array(100))).toThrow(
      'The replacement root CA has the wrong size.',
    )
  })

  test('error: a binary without the Intel root', () => {
    expect(() => replaceTrustAnchor(new Uint8Array(5000), createMockPki().rootCa)).toThrow(
      'The dcap-qvl WASM does not embed the Intel root CA exactly once.',
    )
  })
})

describe('loadDcapVerifier', () => {
  test('default: Intel verifier accepts the sample, the dev-mock verifier refuses it', async () => {
    const intel = await loadDcapVerifier()
    expect(intel.rootCaSha256).toBe(INTEL_ROOT_CA_SHA256)
    const result = intel.verify(
      intelSample.quote(),
      parseCollateral(intelSample.collateral()),
      intelSample.now,
    )
    expect(result).toMatchObject({
      ok: true,
      status: 'UpToDate',
      advisoryIds: [],
      td: { mrtd: intelSample.mrtd },
    })
    const dev = await loadDcapVerifier(createMockPki().rootCa)
    expect(
      dev.verify(intelSample.quote(), parseCollateral(intelSample.collateral()), intelSample.now),
    ).toEqual({
      ok: false,
      message: 'UnknownRevocationStatus',
    })
    expect(await loadDcapVerifier()).toBe(intel)
  })
})
