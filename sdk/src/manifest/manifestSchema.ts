import { DATASET_KEY_DOMAIN, DATASET_OWNER_KEY_DOMAIN } from '../envelope/constants.js'
import { LCN1_MAX_CHUNK_SIZE_LOG2, LCN1_MIN_CHUNK_SIZE_LOG2 } from '../lcn1/constants.js'
import { lcn1CiphertextSize } from '../lcn1/sizes.js'
import { z } from '../validation/index.js'

/** Largest manifest accepted, in bytes of JSON. */
export const MANIFEST_MAX_BYTES = 262_144
/** Most fields a manifest may describe. */
export const MANIFEST_MAX_FIELDS = 256
/** Version tag of this manifest format. */
export const MANIFEST_SCHEMA = 'licen/manifest/v1'

const hexBytes = (size: number) =>
  z.string().check(z.regex(new RegExp(`^0x[0-9a-f]{${size * 2}}$`), `${size}-byte lower-case 0x-hex`))
const count = z.int().check(z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER))
const mean = z.number().check(z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER))
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max))
const envelopeHex = z.string().check(z.regex(/^0x([0-9a-f]{2}){98,1024}$/, '0x-hex of 98..1024 bytes'))

/** JSON types a field's values were seen with. */
export const fieldTypeSchema = z.enum(['string', 'integer', 'number', 'boolean', 'object', 'array', 'null'])

/** One top-level JSONL field, described without any of its values. */
export const manifestFieldSchema = z.strictObject({
  name: text(1, 128),
  /** Every JSON type seen for this field, in a fixed order. */
  types: z.array(fieldTypeSchema).check(z.minLength(1), z.maxLength(7)),
  /** Rows that have the field (null included). */
  present: count,
  /** Rows where it is null. */
  nulls: count,
  /** Length statistics of string and array values (characters / elements). */
  length: z.optional(z.strictObject({ min: count, max: count, mean })),
})

/** Public description of an encrypted dataset, stored on 0G next to it; `manifestHash` is its 0G root. */
export const manifestSchema = z
  .strictObject({
    schema: z.literal(MANIFEST_SCHEMA),
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
    description: z.string().check(z.maxLength(10_000)),
    /** Owner's version label of the dataset, e.g. "1.0.0". */
    version: z.string().check(z.regex(/^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$/)),
    publisher: z.strictObject({
      address: z.string().check(z.regex(/^0x[0-9a-fA-F]{40}$/)),
      name: z.optional(z.string().check(z.maxLength(120))),
    }),
    licence: z.strictObject({
      /** SPDX identifier when the licence has one. */
      spdx: z.optional(z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9.+-]{0,63}$/))),
      name: text(1, 120),
      text: text(1, 65_536),
    }),
    /** 0G root of the LCN1 ciphertext. */
    datasetRoot: hexBytes(32),
    createdAt: z.iso.datetime(),
    data: z.strictObject({
      format: z.literal('jsonl'),
      rowCount: count,
      /** Plaintext size in bytes. */
      byteSize: count,
      fields: z.array(manifestFieldSchema).check(
        z.maxLength(MANIFEST_MAX_FIELDS),
        z.refine(
          (fields) => new Set(fields.map((f) => f.name)).size === fields.length,
          'field names must be unique',
        ),
      ),
      rows: z.strictObject({ minBytes: count, maxBytes: count, meanBytes: mean }),
      /**
       * What the one example parser (`@licen/sdk/examples`) found: trainable rows per format and the number of
       * untrainable non-blank lines. Absent from manifests written before it existed.
       */
      examples: z.optional(
        z
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
          .check(
            z.refine(
              (e) =>
                e.formats.messages +
                  e.formats.instruction_output +
                  e.formats.prompt_completion +
                  e.formats.text ===
                e.trainable,
              'the formats do not add up to trainable',
            ),
          ),
      ),
    }),
    encryption: z.strictObject({
      format: z.literal('LCN1'),
      version: z.literal(1),
      cipher: z.literal('AES-256-GCM'),
      chunkSize: z
        .int()
        .check(
          z.refine(
            (n) =>
              Number.isInteger(Math.log2(n)) &&
              Math.log2(n) >= LCN1_MIN_CHUNK_SIZE_LOG2 &&
              Math.log2(n) <= LCN1_MAX_CHUNK_SIZE_LOG2,
            'a power of two from 1 KiB to 16 MiB',
          ),
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
      keyId: z.optional(z.int().check(z.minimum(1), z.maximum(0xffff_ffff))),
      /** Storage root of the release key's attestation evidence, as the chain records it for `keyId`. */
      evidenceRef: z.optional(hexBytes(32)),
      envelope: envelopeHex,
    }),
    /**
     * The dataset key sealed to the owner's own wallet-derived dataset owner key (`deriveDatasetOwnerKey`), so the
     * owner can re-seal it to a newer release key (`resealDataset`). Absent from manifests written before it existed.
     */
    ownerKeyEnvelope: z.optional(
      z.strictObject({
        scheme: z.literal('ecies-secp256k1-hkdf-sha256-aes-256-gcm'),
        domain: z.literal(DATASET_OWNER_KEY_DOMAIN),
        /** Compressed dataset owner public key the envelope is sealed to. */
        ownerPublicKey: hexBytes(33),
        envelope: envelopeHex,
      }),
    ),
  })
  .check(
    z.refine(
      (m) => m.encryption.ciphertextSize === lcn1CiphertextSize(m.data.byteSize, m.encryption.chunkSize),
      {
        message: 'ciphertextSize does not match byteSize and chunkSize',
        path: ['encryption', 'ciphertextSize'],
      },
    ),
    z.refine((m) => m.data.fields.every((f) => f.present <= m.data.rowCount && f.nulls <= f.present), {
      message: 'field counts exceed rowCount',
      path: ['data', 'fields'],
    }),
    z.refine((m) => (m.keyEnvelope.keyId === undefined) === (m.keyEnvelope.evidenceRef === undefined), {
      message: 'keyId and evidenceRef come together',
      path: ['keyEnvelope', 'keyId'],
    }),
    z.refine((m) => m.data.examples === undefined || m.data.examples.trainable <= m.data.rowCount, {
      message: 'trainable exceeds rowCount',
      path: ['data', 'examples', 'trainable'],
    }),
  )

/** A parsed, valid dataset manifest. */
export type Manifest = z.infer<typeof manifestSchema>
/** One field of a manifest. */
export type ManifestField = z.infer<typeof manifestFieldSchema>
