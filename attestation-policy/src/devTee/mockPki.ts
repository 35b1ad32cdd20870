import { p256 } from '@noble/curves/nist'
import { hkdf } from '@noble/hashes/hkdf'
import { sha256 } from '@noble/hashes/sha2'
import { concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils'
import { intelRootCa } from '../dcap/intelRootCa.js'
import { derEnumerated, derInteger, derOctetString, derOid, derSequence } from '../der/derWriter.js'
import { SGX_EXTENSION_OID } from '../quote/pckExtension.js'
import {
  type MockCertificateParameters,
  mockName,
  mockTbsCertificate,
  signedLength,
  signedStructure,
} from './mockCertificate.js'

/** The public seed of the shared development PKI: every checkout derives the same mock root from it. */
export const DEV_MOCK_PKI_SEED: Uint8Array = sha256(utf8ToBytes('licen/dev-mock-pki/v1'))

/** Platform facts the mock PCK certificate and TCB info agree on. */
export const MOCK_PLATFORM = {
  fmspc: '00906EA10000',
  pceId: '0000',
  pceSvn: 13,
  cpuSvn: [11, 11, 2, 2, 255, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  /** Intel's TD quoting enclave MRSIGNER (public), reused so the QE identity reads like Intel's. */
  qeMrSigner: 'dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5',
  qeIsvProdId: 2,
  qeIsvSvn: 4,
} as const

/** A development stand-in for Intel's SGX/TDX PKI: certificates (DER) and their private keys. */
export type MockPki = {
  seed: Uint8Array
  rootCa: Uint8Array
  pckCa: Uint8Array
  pck: Uint8Array
  tcbSigner: Uint8Array
  pckSerial: Uint8Array
  names: { root: Uint8Array; pckCa: Uint8Array }
  keys: {
    root: Uint8Array
    pckCa: Uint8Array
    pck: Uint8Array
    tcbSigner: Uint8Array
    attestation: Uint8Array
  }
  publicKeys: { root: Uint8Array; pckCa: Uint8Array }
}

const NOT_BEFORE = new Date('2020-01-01T00:00:00Z')
const NOT_AFTER = new Date('2099-12-31T23:59:59Z')
const ROOT_SIGNATURE_LENGTH = 71

/** Derives a P-256 private key from the seed for one role, deterministically. */
function deriveKey(seed: Uint8Array, role: string): Uint8Array {
  for (let counter = 0; ; counter++) {
    const candidate = hkdf(
      sha256,
      seed,
      utf8ToBytes('licen/dev-mock-pki/v1'),
      utf8ToBytes(`${role}/${counter}`),
      32,
    )
    if (p256.utils.isValidSecretKey(candidate)) return candidate
  }
}

function serial(seed: Uint8Array, role: string): Uint8Array {
  const bytes = sha256(concatBytes(seed, utf8ToBytes(`serial/${role}`))).slice(0, 16)
  bytes[0] = (bytes[0]! & 0x3f) | 0x10
  return bytes
}

/** Intel's SGX extension (PPID, TCB components, PCE-ID, FMSPC, SGX type) for the mock PCK certificate. */
function sgxExtension(seed: Uint8Array): Uint8Array {
  const entry = (suffix: string, value: Uint8Array) =>
    derSequence(derOid(`${SGX_EXTENSION_OID}.${suffix}`), value)
  const components = MOCK_PLATFORM.cpuSvn.map((svn, i) => entry(`2.${i + 1}`, derInteger(svn)))
  const value = derSequence(
    entry('1', derOctetString(sha256(concatBytes(seed, utf8ToBytes('ppid'))).slice(0, 16))),
    entry(
      '2',
      derSequence(
        ...components,
        entry('2.17', derInteger(MOCK_PLATFORM.pceSvn)),
        entry('2.18', derOctetString(Uint8Array.from(MOCK_PLATFORM.cpuSvn))),
      ),
    ),
    entry('3', derOctetString(hexToBytes(MOCK_PLATFORM.pceId))),
    entry('4', derOctetString(hexToBytes(MOCK_PLATFORM.fmspc))),
    entry('5', derEnumerated(0)),
  )
  return derSequence(derOid(SGX_EXTENSION_OID), derOctetString(value))
}

/**
 * The mock root CA. It is built to be exactly as long as Intel's root (the WASM verifier's anchor is swapped
 * in place): an OU pads the subject and the serial counter varies until the signature has the expected length.
 */
function rootCertificate(
  seed: Uint8Array,
  key: Uint8Array,
  publicKey: Uint8Array,
): { der: Uint8Array; name: Uint8Array } {
  const target = intelRootCa().length
  const parameters = (pad: number, counter: number): MockCertificateParameters => {
    const name = mockName({
      cn: 'LICEN Dev Mock SGX Root CA',
      o: 'LICEN development only, not Intel',
      ou: `dev-mock trust anchor ${'.'.repeat(pad)}`,
    })
    return {
      serial: serial(seed, `root/${counter}`),
      issuer: name,
      subject: name,
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
      publicKey,
      issuerPublicKey: publicKey,
      ca: { pathLength: 1 },
    }
  }
  let pad = 0
  while (signedLength(mockTbsCertificate(parameters(pad, 0)), ROOT_SIGNATURE_LENGTH) < target) pad++
  for (let counter = 0; counter < 256; counter++) {
    const chosen = parameters(pad, counter)
    const der = signedStructure(mockTbsCertificate(chosen), key)
    if (der.length === target) return { der, name: chosen.subject }
  }
  throw new Error('no mock root of the required length')
}

const cache = new Map<string, MockPki>()

/** Derives the development PKI from a seed: same seed, byte-identical certificates (RFC 6979 signatures). */
export function createMockPki(seed: Uint8Array = DEV_MOCK_PKI_SEED): MockPki {
  const cacheKey = Array.from(seed, (b) => b.toString(16).padStart(2, '0')).join('')
  const cached = cache.get(cacheKey)
  if (cached) return cached
  const keys = {
    root: deriveKey(seed, 'root'),
    pckCa: deriveKey(seed, 'pck-ca'),
    pck: deriveKey(seed, 'pck'),
    tcbSigner: deriveKey(seed, 'tcb-signer'),
    attestation: deriveKey(seed, 'attestation-key'),
  }
  const publicKey = (key: Uint8Array) => p256.getPublicKey(key, false)
  const rootPublicKey = publicKey(keys.root)
  const root = rootCertificate(seed, keys.root, rootPublicKey)
  const pckCaName = mockName({
    cn: 'LICEN Dev Mock SGX PCK Platform CA',
    o: 'LICEN development only, not Intel',
  })
  const pckCaPublicKey = publicKey(keys.pckCa)
  const pckCa = signedStructure(
    mockTbsCertificate({
      serial: serial(seed, 'pck-ca'),
      issuer: root.name,
      subject: pckCaName,
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
      publicKey: pckCaPublicKey,
      issuerPublicKey: rootPublicKey,
      ca: { pathLength: 0 },
    }),
    keys.root,
  )
  const pckSerial = serial(seed, 'pck')
  const pck = signedStructure(
    mockTbsCertificate({
      serial: pckSerial,
      issuer: pckCaName,
      subject: mockName({ cn: 'LICEN Dev Mock SGX PCK Certificate', o: 'LICEN development only, not Intel' }),
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
      publicKey: publicKey(keys.pck),
      issuerPublicKey: pckCaPublicKey,
      ca: undefined,
      extraExtensions: [sgxExtension(seed)],
    }),
    keys.pckCa,
  )
  const tcbSigner = signedStructure(
    mockTbsCertificate({
      serial: serial(seed, 'tcb-signer'),
      issuer: root.name,
      subject: mockName({ cn: 'LICEN Dev Mock SGX TCB Signing', o: 'LICEN development only, not Intel' }),
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
      publicKey: publicKey(keys.tcbSigner),
      issuerPublicKey: rootPublicKey,
      ca: undefined,
    }),
    keys.root,
  )
  const pki: MockPki = {
    seed,
    rootCa: root.der,
    pckCa,
    pck,
    tcbSigner,
    pckSerial,
    names: { root: root.name, pckCa: pckCaName },
    keys,
    publicKeys: { root: rootPublicKey, pckCa: pckCaPublicKey },
  }
  cache.set(cacheKey, pki)
  return pki
}

/** DER of the shared development root CA (derived from DEV_MOCK_PKI_SEED): what `dev-mock` policies pin. */
export function devMockRootCa(): Uint8Array {
  return createMockPki().rootCa
}
