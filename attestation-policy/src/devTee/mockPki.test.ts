import { X509Certificate } from 'node:crypto'
import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex } from '@noble/hashes/utils'
import { describe, expect, test } from 'vitest'
import { intelRootCa } from '../dcap/intelRootCa.js'
import { readPckExtension } from '../quote/pckExtension.js'
import { createMockPki, DEV_MOCK_PKI_SEED, devMockRootCa, MOCK_PLATFORM } from './mockPki.js'

const x509 = (der: Uint8Array) => new X509Certificate(der)

describe('createMockPki', () => {
  test("default: the shared dev root is stable (pinned by policies/local.json) and as long as Intel's root", () => {
    expect(bytesToHex(DEV_MOCK_PKI_SEED)).toBe(
      bytesToHex(sha256(new TextEncoder().encode('licen/dev-mock-pki/v1'))),
    )
    expect(bytesToHex(sha256(devMockRootCa()))).toBe(
      'f317a799675a2f4518747ee7dcf8443f78b5793363025124f326bb0e4764461d',
    )
    expect(devMockRootCa().length).toBe(intelRootCa().length)
  })

  test('behavior: OpenSSL (node:crypto) accepts the chain: root → PCK CA → PCK, root → TCB signer', () => {
    const pki = createMockPki()
    const [root, pckCa, pck, tcb] = [pki.rootCa, pki.pckCa, pki.pck, pki.tcbSigner].map(x509)
    expect(root!.subject).toBe(
      'CN=LICEN Dev Mock SGX Root CA\nO=LICEN development only\\, not Intel\nOU=dev-mock trust anchor .....................\nC=US',
    )
    expect(root!.verify(root!.publicKey)).toBe(true)
    expect(pckCa!.verify(root!.publicKey)).toBe(true)
    expect(pck!.verify(pckCa!.publicKey)).toBe(true)
    expect(tcb!.verify(root!.publicKey)).toBe(true)
    expect(pck!.checkIssued(pckCa!)).toBe(true)
    expect(root!.ca).toBe(true)
    expect(pck!.ca).toBe(false)
    expect(pck!.validTo).toBe('Dec 31 23:59:59 2099 GMT')
  })

  test("behavior: the PCK certificate carries the mock platform in Intel's SGX extension", () => {
    expect(readPckExtension(createMockPki().pck)).toEqual({
      fmspc: MOCK_PLATFORM.fmspc,
      pceId: '0000',
      pceSvn: 13,
      cpuSvn: [...MOCK_PLATFORM.cpuSvn],
      ca: 'platform',
    })
  })

  test('behavior: deterministic per seed, different across seeds', () => {
    const seed = new Uint8Array(32).fill(3)
    const a = createMockPki(seed)
    const b = createMockPki(new Uint8Array(32).fill(3))
    expect(b).toBe(a)
    expect(bytesToHex(a.rootCa)).not.toBe(bytesToHex(devMockRootCa()))
    expect(a.rootCa.length).toBe(intelRootCa().length)
  })
})
