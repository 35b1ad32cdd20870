import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex } from '@noble/hashes/utils'
import type { AttestationPolicy } from '../policy/policySchema.js'
import { composeHashOf, DEV_APP_COMPOSE, DEV_IMAGE } from './devImage.js'
import { devMockRootCa } from './mockPki.js'

/**
 * The `local` policy from first principles: the dev-mock root, the dev image's golden values and the provider's
 * dev compose hash. policies/local.json must equal this (a test checks; `pnpm --filter @licen/attestation-policy
 * gen` rewrites it).
 */
export function buildLocalPolicy(): AttestationPolicy {
  return {
    schema: 'licen/attestation-policy/v1',
    name: 'local',
    version: 1,
    notes:
      'Development only. Trusts the LICEN dev-mock PKI (public seed, so anyone can forge these quotes) and the dev image of attestation-policy/src/devTee. Never allow this policy on a public network.',
    trustAnchor: { kind: 'dev-mock', rootCaSha256: bytesToHex(sha256(devMockRootCa())) },
    allowedTcbStatuses: ['UpToDate'],
    maxCollateralAgeSeconds: 7 * 86_400,
    allowDebug: false,
    measurements: [
      {
        name: DEV_IMAGE.name,
        osImageHash: DEV_IMAGE.osImageHash,
        mrtd: DEV_IMAGE.mrtd,
        rtmr0: DEV_IMAGE.rtmr0,
        rtmr1: DEV_IMAGE.rtmr1,
        rtmr2: DEV_IMAGE.rtmr2,
      },
    ],
    composeHashes: [composeHashOf(DEV_APP_COMPOSE)],
    keyProviders: [{ name: 'dev-mock' }],
  }
}
