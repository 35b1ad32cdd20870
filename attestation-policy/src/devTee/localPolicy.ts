import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex } from '@noble/hashes/utils'
import type { AttestationPolicy, PolicyRole } from '../policy/policySchema.js'
import { composeHashOf, DEV_APP_COMPOSE, DEV_IMAGE, DEV_ORCHESTRATOR_APP_COMPOSE } from './devImage.js'
import { devMockRootCa } from './mockPki.js'

const LOCAL = {
  provider: {
    name: 'local',
    compose: DEV_APP_COMPOSE,
    what: 'the provider dev app',
  },
  orchestrator: {
    name: 'local-orchestrator',
    compose: DEV_ORCHESTRATOR_APP_COMPOSE,
    what: 'the orchestrator dev app (it vouches for the release key)',
  },
} as const

/**
 * A local policy from first principles: the dev-mock root, the dev image's golden values and the dev compose hash
 * of the role's app. policies/local.json (provider) and policies/local-orchestrator.json must equal these (a test
 * checks; `pnpm --filter @licen/attestation-policy gen` rewrites them).
 */
export function buildLocalPolicy(role: PolicyRole = 'provider'): AttestationPolicy {
  const local = LOCAL[role]
  return {
    schema: 'licen/attestation-policy/v2',
    role,
    name: local.name,
    version: 1,
    notes: `Development only. Trusts the LICEN dev-mock PKI (public seed, so anyone can forge these quotes), the dev image of attestation-policy/src/devTee and ${local.what}. Never allow this policy on a public network.`,
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
    composeHashes: [composeHashOf(local.compose)],
    keyProviders: [{ name: 'dev-mock' }],
  }
}

/** What {@link deriveDevImagePolicy} takes: the app's compose hashes and the policy's identity. */
export type DeriveDevImagePolicyParameters = {
  role: PolicyRole
  composeHashes: string[]
  /** Default `licen-<role>-dev`. */
  name?: string | undefined
  /** Default 1. */
  version?: number | undefined
  appIds?: string[] | undefined
}

/**
 * `licen-attest policy derive --os licen-dev-image-v1`: a policy for an app running on the development TEE (the
 * devnet's images under the dev TEE agent): the dev-mock root, the dev image's golden values and key provider, and
 * the given compose hashes. It verifies the devnet's quotes and nothing else; the dev-mock root protects nothing
 * (`licen policy register` refuses it off the local devnet).
 */
export function deriveDevImagePolicy(parameters: DeriveDevImagePolicyParameters): AttestationPolicy {
  const base = buildLocalPolicy(parameters.role)
  return {
    ...base,
    name: parameters.name ?? `licen-${parameters.role}-dev`,
    version: parameters.version ?? 1,
    notes: `Development only. Derived by licen-attest policy derive for the ${parameters.role} app on the dev TEE (dev image ${DEV_IMAGE.name}, dev-mock root: anyone can forge these quotes). Never allow this policy on a public network.`,
    composeHashes: parameters.composeHashes,
    ...(parameters.appIds ? { appIds: parameters.appIds } : {}),
  }
}
