import type { Hex } from 'viem'
import type { Manifest } from '../manifest/manifestSchema.js'

/** The dataset root of {@link datasetManifest}. */
export const DATASET_MANIFEST_ROOT: Hex = `0x${'ab'.repeat(32)}`

/**
 * A valid dataset manifest of {@link DATASET_MANIFEST_ROOT} (two JSONL rows, 5000 bytes, one LCN1 encryption):
 * sealed to the release key `0x03` `11`×32 unless `keyEnvelope` names another (browser-safe).
 */
export function datasetManifest(keyEnvelope: Partial<Manifest['keyEnvelope']> = {}): Manifest {
  return {
    schema: 'licen/manifest/v1',
    name: 'Clinical notes (synthetic)',
    description: 'Instruction pairs.',
    version: '1.0.0',
    publisher: { address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', name: 'Acme Lab' },
    licence: {
      spdx: 'CC-BY-NC-4.0',
      name: 'CC BY-NC 4.0',
      text: 'Attribution-NonCommercial 4.0 International',
    },
    datasetRoot: DATASET_MANIFEST_ROOT,
    createdAt: '2026-01-02T03:04:05.000Z',
    data: {
      format: 'jsonl',
      rowCount: 2,
      byteSize: 5000,
      fields: [
        { name: 'prompt', types: ['string'], present: 2, nulls: 0, length: { min: 3, max: 9, mean: 6 } },
      ],
      rows: { minBytes: 20, maxBytes: 30, meanBytes: 25 },
    },
    encryption: {
      format: 'LCN1',
      version: 1,
      cipher: 'AES-256-GCM',
      chunkSize: 1024,
      noncePrefix: '0xa0a1a2a3a4a5a6',
      ciphertextSize: 16 + 5000 + 5 * 16,
    },
    keyEnvelope: {
      scheme: 'ecies-secp256k1-hkdf-sha256-aes-256-gcm',
      domain: 'licen/dataset-key/v2',
      releasePublicKey: `0x03${'11'.repeat(32)}`,
      envelope: `0x${'22'.repeat(200)}`,
      ...keyEnvelope,
    },
  }
}
