import { z } from 'zod'
import { INTEL_ROOT_CA_SHA256 } from '../dcap/intelRootCa.js'

const hex = (bytes: number, what: string) =>
  z
    .string()
    .regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`), `${what}: ${bytes} bytes as lowercase hex without 0x`)
    .meta({ description: `${what}, ${bytes} bytes as lowercase hex without 0x` })

const unique = <T>(items: readonly T[], key: (item: T) => string) =>
  new Set(items.map(key)).size === items.length

/** TCB statuses a policy may allow (`Revoked` and unknown statuses can never be allowed). */
export const ALLOWABLE_TCB_STATUSES = [
  'UpToDate',
  'SWHardeningNeeded',
  'ConfigurationNeeded',
  'ConfigurationAndSWHardeningNeeded',
  'OutOfDate',
  'OutOfDateConfigurationNeeded',
] as const

export type AllowableTcbStatus = (typeof ALLOWABLE_TCB_STATUSES)[number]

/**
 * Identifies the document type and schema revision; part of the hash. v2 added the required `role`, so a v1 file
 * (which named no role) is refused rather than read as either role.
 */
export const POLICY_SCHEMA_ID = 'licen/attestation-policy/v2'

/** What a policy vouches for: a provider CVM that gets dataset keys, or the orchestrator that holds the release key. */
export const POLICY_ROLES = ['provider', 'orchestrator'] as const

/** The role a policy is written for; a provider policy never vouches for a release key, nor the reverse. */
export type PolicyRole = (typeof POLICY_ROLES)[number]

const trustAnchorSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('intel'),
      rootCaSha256: z
        .literal(INTEL_ROOT_CA_SHA256)
        .meta({ description: 'sha256 of the Intel SGX Root CA DER (the only value allowed)' }),
    }),
    z.strictObject({
      kind: z.literal('dev-mock'),
      rootCaSha256: hex(32, 'sha256 of the development mock root CA DER'),
    }),
  ])
  .meta({
    description: 'Root CA that must sign the quote chain and collateral: Intel, or the development mock PKI.',
  })

const measurementSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(128)
      .meta({ description: 'Human name of the image and VM shape, e.g. dstack-0.5.3/2cpu' }),
    osImageHash: hex(32, 'dstack OS image hash these golden values were computed for').optional(),
    mrtd: hex(48, 'MRTD'),
    rtmr0: hex(48, 'RTMR0'),
    rtmr1: hex(48, 'RTMR1'),
    rtmr2: hex(48, 'RTMR2'),
  })
  .meta({ description: 'One allowed boot measurement: MRTD and RTMR0-2 must match together.' })

const keyProviderSchema = z.strictObject({
  name: z.string().min(1).max(64).meta({ description: 'key-provider name from the RTMR3 log, e.g. kms' }),
  id: z
    .string()
    .regex(/^[0-9a-f]{1,256}$/, 'key provider id: lowercase hex')
    .optional()
    .meta({ description: 'key-provider id (e.g. KMS root public key); absent accepts any id for that name' }),
})

/** Zod schema of an attestation policy file; unknown fields are refused so the hash covers everything read. */
export const attestationPolicySchema = z
  .strictObject({
    schema: z.literal(POLICY_SCHEMA_ID),
    role: z.enum(POLICY_ROLES).meta({
      description:
        'provider: a provider CVM that may start jobs and receive dataset keys; orchestrator: the CVM that holds the release key',
    }),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'name: 1-64 of a-z 0-9 . _ -')
      .meta({ description: 'Short policy name' }),
    version: z
      .int()
      .min(1)
      .max(2_147_483_647)
      .meta({ description: 'Policy revision, raised on every change' }),
    notes: z
      .string()
      .max(4096)
      .optional()
      .meta({ description: 'What the policy is for and how its values were obtained' }),
    trustAnchor: trustAnchorSchema,
    allowedTcbStatuses: z
      .array(z.enum(ALLOWABLE_TCB_STATUSES))
      .min(1)
      .max(ALLOWABLE_TCB_STATUSES.length)
      .refine((items) => unique(items, String), 'allowedTcbStatuses: duplicate status')
      .meta({ uniqueItems: true, description: 'Platform, QE and TDX module TCB statuses accepted' }),
    maxCollateralAgeSeconds: z
      .int()
      .min(3600)
      .max(90 * 86_400)
      .meta({ description: 'Oldest accepted TCB info / QE identity issue date, in seconds before now' }),
    allowDebug: z.literal(false).meta({ description: 'Debug TDs are never accepted' }),
    measurements: z
      .array(measurementSchema)
      .min(1)
      .max(64)
      .refine(
        (items) => unique(items, (m) => `${m.mrtd}/${m.rtmr0}/${m.rtmr1}/${m.rtmr2}`),
        'measurements: duplicate MRTD/RTMR0-2 set',
      )
      .meta({ description: 'Allowed boot measurements (MRTD and RTMR0-2 as one set)' }),
    composeHashes: z
      .array(hex(32, 'compose hash'))
      .min(1)
      .max(256)
      .refine((items) => unique(items, String), 'composeHashes: duplicate hash')
      .meta({
        uniqueItems: true,
        description: 'Allowed sha256 of app-compose.json, read from the RTMR3 log',
      }),
    appIds: z
      .array(hex(20, 'app id'))
      .min(1)
      .max(256)
      .refine((items) => unique(items, String), 'appIds: duplicate id')
      .optional()
      .meta({ uniqueItems: true, description: 'Allowed dstack app ids; absent accepts any' }),
    keyProviders: z
      .array(keyProviderSchema)
      .min(1)
      .max(16)
      .optional()
      .meta({ description: 'Allowed key providers from the RTMR3 log; absent accepts any' }),
  })
  .meta({
    title: 'LICEN attestation policy',
    description:
      'What a provider CVM must prove before it gets a dataset key, or the orchestrator CVM before datasets are sealed to its release key.',
  })

/** An attestation policy as its JSON file holds it. */
export type AttestationPolicy = z.infer<typeof attestationPolicySchema>

/** One allowed MRTD/RTMR0-2 set. */
export type PolicyMeasurement = AttestationPolicy['measurements'][number]
