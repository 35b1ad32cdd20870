import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, type Hex, hexToBytes } from 'viem'
import { describe, expect, test } from 'vitest'
import { openDatasetKey } from '../envelope/datasetKey.js'
import { analyzeJsonl } from '../manifest/JsonlAnalyzer.js'
import { buildDatasetManifest, datasetOwner } from './buildDatasetManifest.js'
import { encryptAndRoot } from './encryptAndRoot.js'

const releasePrivateKey = hexToBytes('0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f')
const releasePublicKey = bytesToHex(secp256k1.getPublicKey(releasePrivateKey, true))
const publisher = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const
const jsonl = '{"instruction":"q","output":"a"}\n{"instruction":"q2","output":"a2","score":1.5}\n'
const details = {
  name: 'Test set',
  description: 'Rows for a unit test.',
  version: '1.2.0',
  publisher: { address: publisher, name: 'Ada' },
  licence: { spdx: 'CC-BY-4.0', name: 'CC BY 4.0', text: 'Attribution 4.0 International' },
}

async function encrypted() {
  const key = new Uint8Array(32).fill(7)
  const result = await encryptAndRoot({ source: new Blob([jsonl]), key, chunkSizeLog2: 12 })
  return { key, result, data: await analyzeJsonl(new Blob([jsonl]).stream()) }
}

describe('buildDatasetManifest', () => {
  test('default', async () => {
    const { key, result, data } = await encrypted()
    const manifest = buildDatasetManifest({
      details,
      data,
      encrypted: result,
      key,
      releasePublicKey: releasePublicKey.toUpperCase().replace('0X', '0x') as Hex,
      createdAt: new Date('2026-11-21T12:00:00.000Z'),
    })
    const { envelope, ...keyEnvelope } = manifest.keyEnvelope
    expect({ ...manifest, keyEnvelope }).toEqual({
      schema: 'licen/manifest/v1',
      name: 'Test set',
      description: 'Rows for a unit test.',
      version: '1.2.0',
      publisher: { address: publisher, name: 'Ada' },
      licence: { spdx: 'CC-BY-4.0', name: 'CC BY 4.0', text: 'Attribution 4.0 International' },
      datasetRoot: result.root,
      createdAt: '2026-11-21T12:00:00.000Z',
      data: {
        format: 'jsonl',
        rowCount: 2,
        byteSize: 80,
        rows: { minBytes: 33, maxBytes: 47, meanBytes: 40 },
        examples: {
          trainable: 2,
          untrainable: 0,
          formats: { messages: 0, instruction_output: 2, prompt_completion: 0, text: 0 },
        },
        fields: [
          {
            name: 'instruction',
            types: ['string'],
            present: 2,
            nulls: 0,
            length: { min: 1, max: 2, mean: 1.5 },
          },
          { name: 'output', types: ['string'], present: 2, nulls: 0, length: { min: 1, max: 2, mean: 1.5 } },
          { name: 'score', types: ['number'], present: 1, nulls: 0 },
        ],
      },
      encryption: {
        format: 'LCN1',
        version: 1,
        cipher: 'AES-256-GCM',
        chunkSize: 4096,
        noncePrefix: bytesToHex(result.header.slice(8, 15)),
        ciphertextSize: result.size,
      },
      keyEnvelope: {
        scheme: 'ecies-secp256k1-hkdf-sha256-aes-256-gcm',
        domain: 'licen/dataset-key/v2',
        releasePublicKey,
      },
    })
    // The envelope opens to the key, bound to the root and the publisher as owner.
    const opened = openDatasetKey({
      releasePrivateKey,
      envelope: envelope as Hex,
      datasetRoot: result.root,
      owner: publisher,
    })
    expect(opened).toEqual(key)
  })

  test('args: empty optional details are left out; a lower-case publisher is checksummed', async () => {
    const { key, result, data } = await encrypted()
    const manifest = buildDatasetManifest({
      details: {
        ...details,
        publisher: { address: publisher.toLowerCase() as Hex, name: '' },
        licence: { ...details.licence, spdx: '' },
      },
      data,
      encrypted: result,
      key,
      releasePublicKey,
    })
    expect(manifest.publisher).toEqual({ address: publisher })
    expect(manifest.licence).toEqual({ name: 'CC BY 4.0', text: 'Attribution 4.0 International' })
  })

  test('error: a publisher that is not an address', async () => {
    const { key, result, data } = await encrypted()
    const bad = { ...details, publisher: { address: '0x1234' as Hex } }
    const expected = {
      code: 'PUBLISH_INVALID_PUBLISHER',
      shortMessage: 'The publisher is not an address.',
      details: 'publisher.address must be 0x + 40 hex digits (a valid EIP-55 checksum when mixed case)',
    }
    expect(() => datasetOwner(bad)).toThrow(expect.objectContaining(expected))
    expect(() =>
      buildDatasetManifest({ details: bad, data, encrypted: result, key, releasePublicKey }),
    ).toThrow(expect.objectContaining(expected))
  })
})
