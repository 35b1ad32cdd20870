import { keccak256 } from 'viem'
import { describe, expect, test } from 'vitest'
import { parsePolicyJson } from './parsePolicy.js'
import { canonicalPolicyBytes, policyHash } from './policyHash.js'
import type { AttestationPolicy } from './policySchema.js'

const policy: AttestationPolicy = {
  schema: 'licen/attestation-policy/v2',
  role: 'provider',
  name: 't',
  version: 1,
  trustAnchor: { kind: 'dev-mock', rootCaSha256: '11'.repeat(32) },
  allowedTcbStatuses: ['UpToDate'],
  maxCollateralAgeSeconds: 3600,
  allowDebug: false,
  measurements: [
    {
      name: 'm',
      mrtd: 'aa'.repeat(48),
      rtmr0: 'bb'.repeat(48),
      rtmr1: 'cc'.repeat(48),
      rtmr2: 'dd'.repeat(48),
    },
  ],
  composeHashes: ['ee'.repeat(32)],
}

// Written out by hand from RFC 8785: members sorted by UTF-16 code units, no whitespace.
const canonical =
  `{"allowDebug":false,"allowedTcbStatuses":["UpToDate"],"composeHashes":["${'ee'.repeat(32)}"],` +
  `"maxCollateralAgeSeconds":3600,"measurements":[{"mrtd":"${'aa'.repeat(48)}","name":"m","rtmr0":"${'bb'.repeat(48)}",` +
  `"rtmr1":"${'cc'.repeat(48)}","rtmr2":"${'dd'.repeat(48)}"}],"name":"t","role":"provider","schema":"licen/attestation-policy/v2",` +
  `"trustAnchor":{"kind":"dev-mock","rootCaSha256":"${'11'.repeat(32)}"},"version":1}`

describe('canonicalPolicyBytes', () => {
  test('default: RFC 8785 bytes', () => {
    expect(new TextDecoder().decode(canonicalPolicyBytes(policy))).toBe(canonical)
  })

  test('error: an invalid policy has no canonical form', () => {
    expect(() => canonicalPolicyBytes({ ...policy, version: 0 })).toThrow(
      'The attestation policy is invalid.',
    )
  })
})

describe('policyHash', () => {
  test('default: keccak256 of the canonical bytes (frozen vector, cross-checked with viem)', () => {
    expect(policyHash(policy)).toBe(keccak256(new TextEncoder().encode(canonical)))
    expect(policyHash(policy)).toBe('0x4c70913e14f34ad58c0be4ed89e3bb690714229511b505521bf80a77cdd07f59')
  })

  test('behavior: key order and whitespace of the file do not change the hash', () => {
    const shuffled = `{ "version": 1,\n  "composeHashes": ["${'ee'.repeat(32)}"], "name": "t",
      "trustAnchor": { "rootCaSha256": "${'11'.repeat(32)}", "kind": "dev-mock" },
      "schema": "licen/attestation-policy/v2", "role": "provider", "allowDebug": false, "maxCollateralAgeSeconds": 3600,
      "allowedTcbStatuses": [ "UpToDate" ],
      "measurements": [{ "rtmr2": "${'dd'.repeat(48)}", "rtmr1": "${'cc'.repeat(48)}", "rtmr0": "${'bb'.repeat(48)}", "name": "m", "mrtd": "${'aa'.repeat(48)}" }] }`
    expect(policyHash(parsePolicyJson(shuffled))).toBe(policyHash(policy))
  })

  test('behavior: every field is covered', () => {
    const base = policyHash(policy)
    expect(policyHash({ ...policy, version: 2 })).not.toBe(base)
    expect(policyHash({ ...policy, notes: '' })).not.toBe(base)
    expect(policyHash({ ...policy, allowedTcbStatuses: ['UpToDate', 'SWHardeningNeeded'] })).not.toBe(base)
    expect(policyHash({ ...policy, role: 'orchestrator' })).toBe(
      '0x940b65741af0c69f833b7f76799d707aef062cc4adcf77b393fedd073b79355b',
    )
  })
})
