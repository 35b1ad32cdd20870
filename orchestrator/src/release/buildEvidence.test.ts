import { parseEvidenceBundle } from '@licen/attestation-policy'
import { createMockPki, mockCollateral } from '@licen/attestation-policy/dev-tee'
import { describe, expect, test } from 'vitest'
import { buildEvidence } from './buildEvidence.js'

const collateral = mockCollateral(createMockPki(), { issuedAt: 1_750_000_000, validitySeconds: 86_400 })
const input = {
  chainId: 31337,
  dataPolicy: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  jobId: 2n ** 200n,
  nonce: `0x${'AB'.repeat(32)}`,
  encPubKey: `0x03${'CD'.repeat(32)}`,
  signer: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  quote: '0x04000200DEADBEEF',
  eventLog: '[{"event":"app-id"}]',
  collateral,
  policyHash: `0x${'EF'.repeat(32)}`,
  verifiedAt: 1_750_000_100,
} as const

describe('buildEvidence', () => {
  test('default: the EvidenceBundle in canonical JSON, hex lower-cased, ids as decimal strings', () => {
    const text = buildEvidence(input)
    const bundle = JSON.parse(text)
    expect(parseEvidenceBundle(bundle)).toEqual(bundle)
    expect({ ...bundle, collateral: undefined }).toEqual({
      format: 'licen/attestation-evidence/v1',
      quote: '04000200deadbeef',
      eventLog: '[{"event":"app-id"}]',
      verifiedAt: 1_750_000_100,
      policyHash: `0x${'ef'.repeat(32)}`,
      binding: {
        chainId: '31337',
        dataPolicy: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
        jobId: (2n ** 200n).toString(),
        nonce: `0x${'ab'.repeat(32)}`,
        encPubKey: `0x03${'cd'.repeat(32)}`,
        signer: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
      },
      collateral: undefined,
    })
    // RFC 8785: keys sorted at every level, no whitespace; the same input always gives the same bytes (root).
    expect(text.startsWith('{"binding":{"chainId":"31337","dataPolicy":"0x5fbdb')).toBe(true)
    expect(buildEvidence({ ...input })).toBe(text)
  })

  test('error: a binding the schema refuses', () => {
    expect(() => buildEvidence({ ...input, nonce: '0x1234' })).toThrowError(
      expect.objectContaining({ code: 'JOB_EVIDENCE_INVALID' }),
    )
  })
})
