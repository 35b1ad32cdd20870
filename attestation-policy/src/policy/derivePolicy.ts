import { INTEL_ROOT_CA_SHA256 } from '../dcap/intelRootCa.js'
import { BaseError } from '../errors.js'
import { DSTACK_OS_MEASUREMENTS, type DstackOsMeasurement } from './dstackReleases.js'
import { parsePolicy } from './parsePolicy.js'
import {
  type AllowableTcbStatus,
  type AttestationPolicy,
  POLICY_SCHEMA_ID,
  type PolicyRole,
} from './policySchema.js'

/** What a production policy is derived from; everything not given takes the production template's value. */
export type DerivePolicyParameters = {
  role: PolicyRole
  /** dstack OS release from `DSTACK_OS_MEASUREMENTS`, e.g. `dstack-0.5.4.1`. */
  release: string
  /** VM shape of that release; may be left out when the table knows one shape only. */
  vm?: string | undefined
  /** Allowed compose hashes (sha256 of app-compose.json, lowercase hex). */
  composeHashes: string[]
  /** Default `licen-<role>`. */
  name?: string | undefined
  /** Default 1. */
  version?: number | undefined
  /** Default `['UpToDate']`. */
  allowedTcbStatuses?: AllowableTcbStatus[] | undefined
  /** Default 7 days. */
  maxCollateralAgeSeconds?: number | undefined
  /** Default `[{ name: 'kms' }]`: keys from a dstack KMS, any KMS id. */
  keyProviders?: { name: string; id?: string | undefined }[] | undefined
  appIds?: string[] | undefined
}

/** The one table entry for a release and VM shape; refuses (POLICY_RELEASE_UNKNOWN) what the table does not know. */
export function findDstackMeasurement(release: string, vm?: string): DstackOsMeasurement {
  const known = DSTACK_OS_MEASUREMENTS.map((m) => `${m.release}/${m.vm}`).join(', ')
  const ofRelease = DSTACK_OS_MEASUREMENTS.filter((m) => m.release === release)
  const unknown = (shortMessage: string) =>
    new BaseError(shortMessage, {
      code: 'POLICY_RELEASE_UNKNOWN',
      details: `known: ${known}. Measure the release (a quote from a CVM booted on it, or dstack-mr on its image) and add it with its source to attestation-policy/src/policy/dstackReleases.ts`,
    })
  if (ofRelease.length === 0) throw unknown(`No measurements are recorded for dstack OS release ${release}.`)
  if (vm === undefined) {
    if (ofRelease.length > 1) throw unknown(`dstack OS release ${release} has several VM shapes: name one.`)
    return ofRelease[0]!
  }
  const entry = ofRelease.find((m) => m.vm === vm)
  if (!entry)
    throw unknown(`No measurements are recorded for dstack OS release ${release} on VM shape ${vm}.`)
  return entry
}

/**
 * A production attestation policy (Intel root, debug TDs refused) for the named dstack OS release's
 * measurements and the given compose hashes, validated against the schema (POLICY_INVALID otherwise).
 */
export function derivePolicy(parameters: DerivePolicyParameters): AttestationPolicy {
  const m = findDstackMeasurement(parameters.release, parameters.vm)
  const name = parameters.name ?? `licen-${parameters.role}`
  return parsePolicy({
    schema: POLICY_SCHEMA_ID,
    role: parameters.role,
    name,
    version: parameters.version ?? 1,
    notes: `Derived by licen-attest policy derive for the ${parameters.role} app: dstack OS release ${m.release} on VM shape ${m.vm}, os_image_hash ${m.osImageHash}. Measurements from: ${m.source}.`,
    trustAnchor: { kind: 'intel', rootCaSha256: INTEL_ROOT_CA_SHA256 },
    allowedTcbStatuses: parameters.allowedTcbStatuses ?? ['UpToDate'],
    maxCollateralAgeSeconds: parameters.maxCollateralAgeSeconds ?? 7 * 86_400,
    allowDebug: false,
    measurements: [
      {
        name: `${m.release}/${m.vm}`,
        osImageHash: m.osImageHash,
        mrtd: m.mrtd,
        rtmr0: m.rtmr0,
        rtmr1: m.rtmr1,
        rtmr2: m.rtmr2,
      },
    ],
    composeHashes: parameters.composeHashes,
    ...(parameters.appIds ? { appIds: parameters.appIds } : {}),
    keyProviders: (parameters.keyProviders ?? [{ name: 'kms' }]).map((k) =>
      k.id === undefined ? { name: k.name } : { name: k.name, id: k.id },
    ),
  })
}
