import { X509Certificate } from 'node:crypto'
import { hexToBytes } from '@noble/hashes/utils'
import { describe, expect, test } from 'vitest'
import { intelSample } from '../../test/fixtures.js'
import { intelRootCa } from '../dcap/intelRootCa.js'
import { certificatePem, commonName, parseCertificate, parseCrl, pemCertificates } from './x509.js'

describe('parseCertificate', () => {
  test('default: the Intel SGX Root CA', () => {
    const root = parseCertificate(intelRootCa())
    expect(root.serialHex).toBe('22650cd65a9d3489f383b49552bf501b392706ac')
    expect(commonName(root.subject)).toBe('Intel SGX Root CA')
    expect(root.notBefore).toBe(Date.UTC(2018, 4, 21, 10, 45, 10) / 1000)
    expect(root.notAfter).toBe(Date.UTC(2049, 11, 31, 23, 59, 59) / 1000)
    expect(root.signatureAlgorithm).toBe('1.2.840.10045.4.3.2')
    expect(root.publicKey.length).toBe(65)
    expect([...root.extensions.keys()]).toEqual([
      '2.5.29.35',
      '2.5.29.31',
      '2.5.29.14',
      '2.5.29.15',
      '2.5.29.19',
    ])
    expect(root.extensions.get('2.5.29.19')?.critical).toBe(true)
  })

  test('behavior: agrees with OpenSSL (node:crypto) on the same certificate', () => {
    const der = intelRootCa()
    const node = new X509Certificate(der)
    expect(node.serialNumber.toLowerCase()).toBe(parseCertificate(der).serialHex)
    const spki = new Uint8Array(node.publicKey.export({ format: 'der', type: 'spki' }))
    expect(spki.subarray(-65)).toEqual(parseCertificate(der).publicKey)
    expect(commonName(parseCertificate(der).issuer)).toBe(node.issuer.split('\n')[0]!.replace('CN=', ''))
  })

  test('behavior: PEM round trip', () => {
    const der = intelRootCa()
    expect(pemCertificates(certificatePem(der) + certificatePem(der))).toEqual([der, der])
  })
})

describe('parseCrl', () => {
  test('default: Intel PCK CRL from the sample collateral', () => {
    const crl = parseCrl(hexToBytes(intelSample.collateral().pck_crl!))
    expect(commonName(crl.issuer)).toBe('Intel SGX PCK Platform CA')
    expect(crl.thisUpdate).toBe(Date.UTC(2025, 5, 19, 10, 0, 35) / 1000)
    expect(crl.nextUpdate).toBe(Date.UTC(2025, 6, 19, 10, 0, 35) / 1000)
    expect(crl.revokedSerialsHex[0]).toBe('6fc34e5023e728923435d61aa4b83c618166ad35')
    expect(crl.signature.length).toBeGreaterThanOrEqual(70)
  })

  test('error: not a CRL', () => {
    expect(() => parseCrl(hexToBytes('3000'))).toThrow('CRL must have three parts')
  })
})
