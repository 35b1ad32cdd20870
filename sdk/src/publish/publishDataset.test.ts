import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, type Hex, hexToBytes } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { openDatasetKey } from '../envelope/datasetKey.js'
import { openOwnerDatasetKey } from '../envelope/ownerDatasetKey.js'
import { decryptLcn1 } from '../lcn1/decryptLcn1.js'
import { analyzeJsonl } from '../manifest/JsonlAnalyzer.js'
import { parseManifest } from '../manifest/parseManifest.js'
import { deriveDatasetOwnerKey } from '../resultKey/deriveResultKey.js'
import type { StorageAdapter } from '../storage/types.js'
import { zgRoot } from '../zgRoot/zgRoot.js'
import { PublishError } from './PublishError.js'
import { publishDataset } from './publishDataset.js'

const releasePrivateKey = hexToBytes('0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f')
const releasePublicKey = bytesToHex(secp256k1.getPublicKey(releasePrivateKey, true))
const publisher = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const
const jsonl = Array.from({ length: 300 }, (_, i) =>
  JSON.stringify({ instruction: `q${i}`, output: `answer number ${i}`, score: i % 3 === 0 ? null : i / 7 }),
).join('\n')
const details = {
  name: 'Test set',
  description: 'Rows for a unit test.',
  version: '1.2.0',
  publisher: { address: publisher },
  licence: { spdx: 'CC-BY-4.0', name: 'CC BY 4.0', text: 'Attribution 4.0 International' },
}

/** An in-memory content-addressed store with the same roots as the storage node; `lie` answers a wrong root. */
function memoryStorage(options: { lie?: boolean } = {}): StorageAdapter & { objects: Map<Hex, Uint8Array> } {
  const objects = new Map<Hex, Uint8Array>()
  return {
    objects,
    async upload(source, uploadOptions) {
      const bytes = new Uint8Array(await new Response(source as BodyInit).arrayBuffer())
      uploadOptions?.onProgress?.({ bytes: bytes.length, totalBytes: bytes.length })
      const { root } = await zgRoot(bytes, { workers: 0 })
      objects.set(root, bytes)
      return { root: options.lie ? (`0x${'ab'.repeat(32)}` as Hex) : root, size: bytes.length }
    },
    async download(root) {
      return new Blob([objects.get(root)! as Uint8Array<ArrayBuffer>]).stream()
    },
    async has(root) {
      return objects.has(root)
    },
  }
}

describe('publishDataset', () => {
  test('default: ciphertext, sealed key and manifest are stored; the key opens and decrypts the data', async () => {
    const storage = memoryStorage()
    const stages = new Set<string>()
    const result = await publishDataset({
      source: new Blob([jsonl]),
      storage,
      releasePublicKey,
      details,
      chunkSizeLog2: 12,
      createdAt: new Date('2026-11-21T12:00:00.000Z'),
      onProgress: ({ stage }) => stages.add(stage),
    })
    expect([...stages]).toEqual(['analyze', 'encrypt-upload', 'upload-manifest'])
    const ciphertext = storage.objects.get(result.datasetRoot)!
    expect(result.ciphertextSize).toBe(ciphertext.length)
    expect((await zgRoot(ciphertext, { workers: 0 })).root).toBe(result.datasetRoot)

    const manifestBytes = storage.objects.get(result.manifestHash)!
    const manifest = parseManifest(manifestBytes)
    expect(manifest).toEqual(result.manifest)
    expect(manifest).toMatchObject({
      schema: 'licen/manifest/v1',
      name: 'Test set',
      version: '1.2.0',
      publisher: { address: publisher },
      datasetRoot: result.datasetRoot,
      createdAt: '2026-11-21T12:00:00.000Z',
      data: { format: 'jsonl', ...(await analyzeJsonl(new Blob([jsonl]).stream())) },
      encryption: {
        format: 'LCN1',
        version: 1,
        cipher: 'AES-256-GCM',
        chunkSize: 4096,
        ciphertextSize: ciphertext.length,
      },
      keyEnvelope: { domain: 'licen/dataset-key/v2', releasePublicKey },
    })
    const key = openDatasetKey({
      releasePrivateKey,
      envelope: manifest.keyEnvelope.envelope as Hex,
      datasetRoot: result.datasetRoot,
      owner: publisher,
    })
    expect(new TextDecoder().decode(await decryptLcn1(ciphertext, { key }))).toBe(jsonl)
    // The envelope names the publisher: the same root registered by another account gets no key.
    expect(() =>
      openDatasetKey({
        releasePrivateKey,
        envelope: manifest.keyEnvelope.envelope as Hex,
        datasetRoot: result.datasetRoot,
        owner: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'ENVELOPE_OWNER_MISMATCH',
        details: `owner is "${publisher}", expected "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"`,
      }),
    )
  })

  test('args: a lower-case publisher is written checksummed in the manifest and the envelope', async () => {
    const storage = memoryStorage()
    const result = await publishDataset({
      source: new Blob([jsonl]),
      storage,
      releasePublicKey,
      details: { ...details, publisher: { address: publisher.toLowerCase() as Hex } },
    })
    expect(result.manifest.publisher).toEqual({ address: publisher })
    const key = openDatasetKey({
      releasePrivateKey,
      envelope: result.manifest.keyEnvelope.envelope as Hex,
      datasetRoot: result.datasetRoot,
      owner: publisher,
    })
    expect(key).toHaveLength(32)
  })

  test('error: a publisher that is not an address is refused before anything is uploaded', async () => {
    const storage = memoryStorage()
    for (const address of ['0x1234', publisher.replace('C51812dc', 'c51812dc')]) {
      await expect(
        publishDataset({
          source: new Blob([jsonl]),
          storage,
          releasePublicKey,
          details: { ...details, publisher: { address: address as Hex } },
        }),
      ).rejects.toMatchObject({ code: 'PUBLISH_INVALID_PUBLISHER' })
    }
    expect(storage.objects.size).toBe(0)
  })

  test('error: storage answering another root', async () => {
    await expect(
      publishDataset({
        source: new Blob([jsonl]),
        storage: memoryStorage({ lie: true }),
        releasePublicKey,
        details,
      }),
    ).rejects.toMatchObject({ code: 'PUBLISH_ROOT_MISMATCH' })
  })

  test('error: a file that is not JSONL is refused before anything is uploaded', async () => {
    const storage = memoryStorage()
    await expect(
      publishDataset({ source: new Blob(['{"a":1}\nnot json\n']), storage, releasePublicKey, details }),
    ).rejects.toMatchObject({ code: 'MANIFEST_JSONL_INVALID' })
    expect(storage.objects.size).toBe(0)
  })

  test('error: a file without a trainable row is refused before anything is uploaded (DATASET_NOT_TRAINABLE)', async () => {
    const storage = memoryStorage()
    const fifty = '{"foo":1,"bar":"x"}\n'.repeat(50)
    await expect(
      publishDataset({ source: new Blob([fifty]), storage, releasePublicKey, details }),
    ).rejects.toMatchObject({
      code: 'DATASET_NOT_TRAINABLE',
      details:
        'None of its 50 rows is in an accepted shape: {"messages":[{"role":"user","content":…},{"role":"assistant","content":…}]}, {"instruction","input"?,"output"}, {"prompt","completion"} or {"text"}.',
    })
    await expect(
      publishDataset({ source: new Blob(['']), storage, releasePublicKey, details }),
    ).rejects.toMatchObject({
      code: 'DATASET_NOT_TRAINABLE',
      details: 'The file has no rows: it is empty or holds only blank lines.',
    })
    expect(storage.objects.size).toBe(0)
  })

  test('behavior: untrainable rows beside trainable ones publish, and the manifest counts them', async () => {
    const result = await publishDataset({
      source: new Blob(['{"text":"a"}\n{"foo":1}\n{"prompt":"p","completion":"c"}\n']),
      storage: memoryStorage(),
      releasePublicKey,
      details,
    })
    expect(result.manifest.data.examples).toEqual({
      trainable: 2,
      untrainable: 1,
      formats: { messages: 0, instruction_output: 0, prompt_completion: 1, text: 1 },
    })
  })

  test('args: attestReleaseKey seals to the attested chain key and records its keyId and evidenceRef', async () => {
    const storage = memoryStorage()
    const evidenceRef = `0x${'e1'.repeat(32)}` as Hex
    const result = await publishDataset({
      source: new Blob([jsonl]),
      storage,
      attestReleaseKey: async () => ({ keyId: 2, publicKey: releasePublicKey, evidenceRef }),
      releasePublicKey,
      details,
    })
    expect(result.manifest.keyEnvelope).toMatchObject({ releasePublicKey, keyId: 2, evidenceRef })
    expect(parseManifest(storage.objects.get(result.manifestHash)!).keyEnvelope.keyId).toBe(2)
  })

  test.each([
    [
      'a release key that does not verify',
      async () => {
        throw Object.assign(new Error('The release key is not attested.'), {
          code: 'RELEASE_KEY_NOT_ATTESTED',
        })
      },
      'RELEASE_KEY_NOT_ATTESTED',
    ],
    [
      'an orchestrator serving another key than the chain',
      async () => ({
        keyId: 1,
        publicKey: `0x03${'b8'.repeat(32)}` as Hex,
        evidenceRef: `0x${'e1'.repeat(32)}` as Hex,
      }),
      'PUBLISH_RELEASE_KEY_MISMATCH',
    ],
  ])('error: %s: nothing is read, encrypted or uploaded', async (_, attestReleaseKey, code) => {
    const storage = memoryStorage()
    let read = 0
    const counted = new (class extends Blob {
      override stream() {
        read++
        return super.stream()
      }
    })([jsonl])
    const error = await publishDataset({
      source: counted,
      storage,
      attestReleaseKey,
      releasePublicKey,
      details,
    }).catch((e: { code?: string }) => e)
    expect((error as { code?: string }).code).toBe(code)
    expect([read, storage.objects.size]).toEqual([0, 0])
  })

  test.each([
    ['an attested chain key', true],
    ['an unverified served key', false],
  ])(
    'error: %s that is not a secp256k1 point (0x035e5e…): nothing is read, encrypted or uploaded',
    async (_, attested) => {
      const offCurve = `0x03${'5e'.repeat(32)}` as Hex
      const storage = memoryStorage()
      let read = 0
      const counted = new (class extends Blob {
        override stream() {
          read++
          return super.stream()
        }
      })([jsonl])
      const error = await publishDataset({
        source: counted,
        storage,
        ...(attested
          ? {
              attestReleaseKey: async () => ({
                keyId: 3,
                publicKey: offCurve,
                evidenceRef: `0x${'e1'.repeat(32)}` as Hex,
              }),
            }
          : { releasePublicKey: offCurve }),
        details,
      }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(PublishError)
      expect([(error as PublishError).code, (error as PublishError).details]).toEqual([
        'PUBLISH_RELEASE_KEY_INVALID',
        `${offCurve} is not a point on secp256k1`,
      ])
      expect([read, storage.objects.size]).toEqual([0, 0])
    },
  )

  test('args: ownerKeySigner also seals the dataset key to the owner key (ownerKeyEnvelope)', async () => {
    // anvil account 1, the publisher
    const wallet = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
    expect(wallet.address).toBe(publisher)
    const result = await publishDataset({
      source: new Blob([jsonl]),
      storage: memoryStorage(),
      releasePublicKey,
      details,
      ownerKeySigner: wallet,
      chunkSizeLog2: 12,
    })
    const owner = await deriveDatasetOwnerKey(wallet)
    const envelope = result.manifest.ownerKeyEnvelope
    expect(envelope && { ...envelope, envelope: envelope.envelope.length }).toEqual({
      scheme: 'ecies-secp256k1-hkdf-sha256-aes-256-gcm',
      domain: 'licen/dataset-owner-key/v1',
      ownerPublicKey: owner.publicKey,
      envelope: 2 + 2 * (97 + 245),
    })
    const context = { datasetRoot: result.datasetRoot, owner: publisher }
    const viaOwner = openOwnerDatasetKey({
      ownerPrivateKey: owner.privateKey,
      envelope: envelope!.envelope as Hex,
      ...context,
    })
    const viaRelease = openDatasetKey({
      releasePrivateKey,
      envelope: result.manifest.keyEnvelope.envelope as Hex,
      ...context,
    })
    expect(bytesToHex(viaOwner)).toBe(bytesToHex(viaRelease))
    // Without a signer the manifest has no owner envelope (as before).
    const plain = await publishDataset({
      source: new Blob([jsonl]),
      storage: memoryStorage(),
      releasePublicKey,
      details,
    })
    expect(plain.manifest.ownerKeyEnvelope).toBeUndefined()
  })

  test('error: an owner-key signer that is not the publisher, or refuses, stops before anything is uploaded', async () => {
    const storage = memoryStorage()
    const stranger = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80')
    const base = { source: new Blob([jsonl]), storage, releasePublicKey, details }
    await expect(publishDataset({ ...base, ownerKeySigner: stranger })).rejects.toMatchObject({
      code: 'PUBLISH_INVALID_PUBLISHER',
      shortMessage: 'The owner-key signer is not the publisher.',
    })
    const refusing = { address: publisher, signTypedData: () => Promise.reject(new Error('User rejected.')) }
    await expect(publishDataset({ ...base, ownerKeySigner: refusing })).rejects.toMatchObject({
      code: 'OWNER_KEY_SIGNING_FAILED',
    })
    expect(storage.objects.size).toBe(0)
  })

  test('error: aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(
      publishDataset({
        source: new Blob([jsonl]),
        storage: memoryStorage(),
        releasePublicKey,
        details,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'PUBLISH_ABORTED' })
  })
})
