import { z } from 'zod'
import { DATASET_KEY_DOMAIN, DATASET_OWNER_KEY_DOMAIN } from '../envelope/constants.js'
import { LCN1_MAX_CHUNK_SIZE_LOG2, LCN1_MIN_CHUNK_SIZE_LOG2 } from '../lcn1/constants.js'
import { lcn1CiphertextSize } from '../lcn1/sizes.js'

/** Largest manifest accepted, in bytes of JSON. */
export const MANIFEST_MAX_BYTES = 262_144
/** Most fields a manifest may describe. */
export const MANIFEST_MAX_FIELDS = 256
/** Version tag of this manifest format. */
export const MANIFEST_SCHEMA = 'licen/manifest/v1'

const hexBytes = (size: number) =>
  z.string().regex(new RegExp(`^0x[0-9a-f]{${size * 2}}$`), `${size}-byte lower-case 0x-hex`)
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
const mean = z.number().min(0).max(Number.MAX_SAFE_INTEGER)

/** JSON types a field's values were seen with. */
export const fieldTypeSchema = z.enum(['string', 'integer', 'number', 'boolean', 'object', 'array', 'null'])

/** One top-level JSONL field, described without any of its values. */
export const manifestFieldSchema = z.strictObject({
  name: z.string().min(1).max(128),
  /** Every JSON type seen for this field, in a fixed order. */
  types: z.array(fieldTypeSchema).min(1).max(7),
  /** Rows that have the field (null included). */
  present: count,
  /** Rows where it is null. */
  nulls: count,
  /** Length statistics of string and array values (characters / elements). */
  length: z.strictObject({ min: count, max: count, mean }).optional(),
})

/** Public description of an encrypted dataset, stored on 0G next to it; `manifestHash` is its 0G root. */
export const manifestSchema = z
  .strictObject({
    schema: z.literal(MANIFEST_SCHEMA),
    name: z.string().trim().min(1).max(120),
    description: z.string().max(10_000),
    /** Owner's version label of the dataset, e.g. "1.0.0". */
    version: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$/),
    publisher: z.strictObject({
      address: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
      name: z.string().max(120).optional(),
    }),
    licence: z.strictObject({
      /** SPDX identifier when the licence has one. */
      spdx: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9.+-]{0,63}$/)
        .optional(),
      name: z.string().min(1).max(120),
      text: z.string().min(1).max(65_536),
    }),
    /** 0G root of the LCN1 ciphertext. */
    datasetRoot: hexBytes(32),
    createdAt: z.iso.datetime(),
    data: z.strictObject({
      format: z.literal('jsonl'),
      rowCount: count,
      /** Plaintext size in bytes. */
      byteSize: count,
      fields: z
        .array(manifestFieldSchema)
        .max(MANIFEST_MAX_FIELDS)
        .refine(
          (fields) => new Set(fields.map((f) => f.name)).size === fields.length,
          'field names must be unique',
        ),
      rows: z.strictObject({ minBytes: count, maxBytes: count, meanBytes: mean }),
      /**
       * What the one example parser (`@licen/sdk/examples`) found: trainable rows per format and the number of
       * untrainable non-blank lines. Absent from manifests written before it existed.
       */
      examples: z
        .strictObject({
          trainable: count,
          untrainable: count,
          formats: z.strictObject({
            messages: count,
            instruction_output: count,
            prompt_completion: count,
            text: count,
          }),
        })
        .refine(
          (e) =>
            e.formats.messages +
              e.formats.instruction_output +
              e.formats.prompt_completion +
              e.formats.text ===
            e.trainable,
          'the formats do not add up to trainable',
        )
        .optional(),
    }),
    encryption: z.strictObject({
      format: z.literal('LCN1'),
      version: z.literal(1),
      cipher: z.literal('AES-256-GCM'),
      chunkSize: z
        .number()
        .int()
        .refine(
          (n) =>
            Number.isInteger(Math.log2(n)) &&
            Math.log2(n) >= LCN1_MIN_CHUNK_SIZE_LOG2 &&
            Math.log2(n) <= LCN1_MAX_CHUNK_SIZE_LOG2,
          'a power of two from 1 KiB to 16 MiB',
        ),
      noncePrefix: hexBytes(7),
      ciphertextSize: count,
    }),
    keyEnvelope: z.strictObject({
      scheme: z.literal('ecies-secp256k1-hkdf-sha256-aes-256-gcm'),
      /** v2 names the owner in the sealed payload; v1 envelopes (no owner) are refused. */
      domain: z.literal(DATASET_KEY_DOMAIN),
      /** Compressed release public key the envelope is sealed to. */
      releasePublicKey: hexBytes(33),
      /** The release key's id on chain (`registerReleaseKey`), recorded when it was verified before sealing. */
      keyId: z.number().int().min(1).max(0xffff_ffff).optional(),
      /** Storage root of the release key's attestation evidence, as the chain records it for `keyId`. */
      evidenceRef: hexBytes(32).optional(),
      envelope: z.string().regex(/^0x([0-9a-f]{2}){98,1024}$/, '0x-hex of 98..1024 bytes'),
    }),
    /**
     * The dataset key sealed to the owner's own wallet-derived dataset owner key (`deriveDatasetOwnerKey`), so the
     * owner can re-seal it to a newer release key (`resealDataset`). Absent from manifests written before it existed.
     */
    ownerKeyEnvelope: z
      .strictObject({
        scheme: z.literal('ecies-secp256k1-hkdf-sha256-aes-256-gcm'),
        domain: z.literal(DATASET_OWNER_KEY_DOMAIN),
        /** Compressed dataset owner public key the envelope is sealed to. */
        ownerPublicKey: hexBytes(33),
        envelope: z.string().regex(/^0x([0-9a-f]{2}){98,1024}$/, '0x-hex of 98..1024 bytes'),
      })
      .optional(),
  })
  .refine(
    (m) => m.encryption.ciphertextSize === lcn1CiphertextSize(m.data.byteSize, m.encryption.chunkSize),
    {
      message: 'ciphertextSize does not match byteSize and chunkSize',
      path: ['encryption', 'ciphertextSize'],
    },
  )
  .refine((m) => m.data.fields.every((f) => f.present <= m.data.rowCount && f.nulls <= f.present), {
    message: 'field counts exceed rowCount',
    path: ['data', 'fields'],
  })
  .refine((m) => (m.keyEnvelope.keyId === undefined) === (m.keyEnvelope.evidenceRef === undefined), {
    message: 'keyId and evidenceRef come together',
    path: ['keyEnvelope', 'keyId'],
  })
  .refine((m) => m.data.examples === undefined || m.data.examples.trainable <= m.data.rowCount, {
    message: 'trainable exceeds rowCount',
    path: ['data', 'examples', 'trainable'],
  })

/** A parsed, valid dataset manifest. */
export type Manifest = z.infer<typeof manifestSchema>
/** One field of a manifest. */
export type ManifestField = z.infer<typeof manifestFieldSchema>
