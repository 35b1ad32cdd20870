import { z } from '@licen/sdk/validation'
import { INTEL_ROOT_CA_SHA256 } from '../dcap/intelRootCa.js'

const hex = (bytes: number, what: string) =>
  z
    .string()
    .check(
      z.regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`), `${what}: ${bytes} bytes as lowercase hex without 0x`),
      z.meta({ description: `${what}, ${bytes} bytes as lowercase hex without 0x` }),
    )

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
        .check(z.meta({ description: 'sha256 of the Intel SGX Root CA DER (the only value allowed)' })),
    }),
    z.strictObject({
      kind: z.literal('dev-mock'),
      rootCaSha256: hex(32, 'sha256 of the development mock root CA DER'),
    }),
  ])
  .check(
    z.meta({
      description:
        'Root CA that must sign the quote chain and collateral: Intel, or the development mock PKI.',
    }),
  )

const measurementSchema = z
  .strictObject({
    name: z
      .string()
      .check(
        z.minLength(1),
        z.maxLength(128),
        z.meta({ description: 'Human name of the image and VM shape, e.g. dstack-0.5.3/2cpu' }),
      ),
    osImageHash: z.optional(hex(32, 'dstack OS image hash these golden values were computed for')),
    mrtd: hex(48, 'MRTD'),
    rtmr0: hex(48, 'RTMR0'),
    rtmr1: hex(48, 'RTMR1'),
    rtmr2: hex(48, 'RTMR2'),
  })
  .check(z.meta({ description: 'One allowed boot measurement: MRTD and RTMR0-2 must match together.' }))

const keyProviderSchema = z.strictObject({
  name: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(64),
      z.meta({ description: 'key-provider name from the RTMR3 log, e.g. kms' }),
    ),
  id: z.optional(z.string().check(z.regex(/^[0-9a-f]{1,256}$/, 'key provider id: lowercase hex'))).check(
    z.meta({
      description: 'key-provider id (e.g. KMS root public key); absent accepts any id for that name',
    }),
  ),
})

/** Zod schema of an attestation policy file; unknown fields are refused so the hash covers everything read. */
export const attestationPolicySchema = z
  .strictObject({
    schema: z.literal(POLICY_SCHEMA_ID),
    role: z.enum(POLICY_ROLES).check(
      z.meta({
        description:
          'provider: a provider CVM that may start jobs and receive dataset keys; orchestrator: the CVM that holds the release key',
      }),
    ),
    name: z
      .string()
      .check(
        z.regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'name: 1-64 of a-z 0-9 . _ -'),
        z.meta({ description: 'Short policy name' }),
      ),
    version: z
      .int()
      .check(
        z.minimum(1),
        z.maximum(2_147_483_647),
        z.meta({ description: 'Policy revision, raised on every change' }),
      ),
    notes: z
      .optional(z.string().check(z.maxLength(4096)))
      .check(z.meta({ description: 'What the policy is for and how its values were obtained' })),
    trustAnchor: trustAnchorSchema,
    allowedTcbStatuses: z.array(z.enum(ALLOWABLE_TCB_STATUSES)).check(
      z.minLength(1),
      z.maxLength(ALLOWABLE_TCB_STATUSES.length),
      z.refine((items) => unique(items, String), 'allowedTcbStatuses: duplicate status'),
      z.meta({ uniqueItems: true, description: 'Platform, QE and TDX module TCB statuses accepted' }),
    ),
    maxCollateralAgeSeconds: z
      .int()
      .check(
        z.minimum(3600),
        z.maximum(90 * 86_400),
        z.meta({ description: 'Oldest accepted TCB info / QE identity issue date, in seconds before now' }),
      ),
    allowDebug: z.literal(false).check(z.meta({ description: 'Debug TDs are never accepted' })),
    measurements: z.array(measurementSchema).check(
      z.minLength(1),
      z.maxLength(64),
      z.refine(
        (items) => unique(items, (m) => `${m.mrtd}/${m.rtmr0}/${m.rtmr1}/${m.rtmr2}`),
        'measurements: duplicate MRTD/RTMR0-2 set',
      ),
      z.meta({ description: 'Allowed boot measurements (MRTD and RTMR0-2 as one set)' }),
    ),
    composeHashes: z.array(hex(32, 'compose hash')).check(
      z.minLength(1),
      z.maxLength(256),
      z.refine((items) => unique(items, String), 'composeHashes: duplicate hash'),
      z.meta({
        uniqueItems: true,
        description: 'Allowed sha256 of app-compose.json, read from the RTMR3 log',
      }),
    ),
    appIds: z
      .optional(
        z.array(hex(20, 'app id')).check(
          z.minLength(1),
          z.maxLength(256),
          z.refine((items) => unique(items, String), 'appIds: duplicate id'),
        ),
      )
      .check(z.meta({ uniqueItems: true, description: 'Allowed dstack app ids; absent accepts any' })),
    keyProviders: z
      .optional(z.array(keyProviderSchema).check(z.minLength(1), z.maxLength(16)))
      .check(z.meta({ description: 'Allowed key providers from the RTMR3 log; absent accepts any' })),
  })
  .check(
    z.meta({
      title: 'LICEN attestation policy',
      description:
        'What a provider CVM must prove before it gets a dataset key, or the orchestrator CVM before datasets are sealed to its release key.',
    }),
  )

/** An attestation policy as its JSON file holds it. */
export type AttestationPolicy = z.infer<typeof attestationPolicySchema>

/** One allowed MRTD/RTMR0-2 set. */
export type PolicyMeasurement = AttestationPolicy['measurements'][number]
