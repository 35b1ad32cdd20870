import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, type Hex, hexToBytes, keccak256 } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { deriveResultKey } from '../resultKey/deriveResultKey.js'
import type { StorageAdapter } from '../storage/types.js'
import { zgRoot } from '../zgRoot/zgRoot.js'
import { adapterFileFromBytes } from './adapterFileFromBytes.js'
import { createAdapterContainerStream } from './createAdapterContainerStream.js'
import { createResultObjectStream } from './createResultObjectStream.js'
import { downloadJobResult, downloadResult } from './downloadResult.js'
import vectors from './fixtures/vectors.json' with { type: 'json' }

const resultPrivateKey = hexToBytes(vectors.resultPrivateKey as Hex)
const resultPublicKey = secp256k1.getPublicKey(resultPrivateKey, true)
const job = { chainId: vectors.chainId, contract: vectors.contract as Hex, jobId: BigInt(vectors.jobId) }
const enc = new TextEncoder()
const config = enc.encode(vectors.adapterConfig)
const model = hexToBytes(vectors.adapterModel as Hex)
const receiptsFile = enc.encode(vectors.receiptsFile)

/** A storage adapter serving one object under its 0G root. */
async function storageOf(object: Uint8Array): Promise<{ storage: StorageAdapter; root: Hex }> {
  const { root } = await zgRoot(object, { workers: 0 })
  const storage: StorageAdapter = {
    upload: async () => ({ root, size: object.length }),
    download: async (asked) => {
      expect(asked).toBe(root)
      return new Blob([object as Uint8Array<ArrayBuffer>]).stream()
    },
    has: async () => true,
  }
  return { storage, root }
}

/** A fresh result object of the frozen job holding `files`, sealed to `publicKey` (the frozen result key's). */
async function sealed(files: [string, Uint8Array][], publicKey = resultPublicKey): Promise<Uint8Array> {
  const stream = await createResultObjectStream({
    ...job,
    resultPublicKey: publicKey,
    chunkSizeLog2: 10,
    plaintext: createAdapterContainerStream(files.map(([name, bytes]) => adapterFileFromBytes(name, bytes))),
  })
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

async function download(object: Uint8Array, overrides: object = {}) {
  const { storage, root } = await storageOf(object)
  return downloadResult({
    storage,
    ...job,
    resultRoot: root,
    receiptsHead: vectors.receiptsHead as Hex,
    actualEpochs: vectors.actualEpochs,
    enclaveSigner: vectors.enclaveSigner as Hex,
    resultPrivateKey,
    ...overrides,
  })
}

describe('downloadResult', () => {
  test('default: the frozen result object verifies from its own receipts and the settled values', async () => {
    const result = await download(hexToBytes(vectors.resultObject as Hex))
    expect(result.files.map((file) => [file.name, file.size])).toEqual([
      ['adapter_config.json', 7],
      ['adapter_model.safetensors', 20],
      ['licen_receipts.json', receiptsFile.length],
    ])
    expect(bytesToHex(result.files[1]!.bytes)).toBe(vectors.adapterModel)
    expect(new TextDecoder().decode(result.files[2]!.bytes)).toBe(vectors.receiptsFile)
    expect(result.adapterHash).toBe(keccak256(model))
    expect(result.receiptsHead).toBe(vectors.receiptsHead)
    expect(result.receipts.map((r) => r.digest)).toEqual([
      JSON.parse(vectors.receiptsFile)[0].digest,
      vectors.receiptsHead,
    ])
  })

  test('behavior: reports download progress', async () => {
    const object = await sealed([
      ['adapter_config.json', config],
      ['adapter_model.safetensors', model],
      ['licen_receipts.json', receiptsFile],
    ])
    const seen: number[] = []
    const { storage, root } = await storageOf(object)
    await downloadResult({
      storage: {
        ...storage,
        download: async (asked, options) => {
          options?.onProgress?.({ bytes: object.length, totalBytes: object.length })
          return storage.download(asked, options)
        },
      },
      ...job,
      resultRoot: root,
      receiptsHead: vectors.receiptsHead as Hex,
      actualEpochs: 2,
      enclaveSigner: vectors.enclaveSigner as Hex,
      resultPrivateKey,
      onProgress: ({ bytes }) => seen.push(bytes),
    })
    expect(seen).toEqual([object.length])
  })

  test('error: a result written before receipts were part of it', async () => {
    const legacy = await sealed([
      ['adapter_config.json', config],
      ['adapter_model.safetensors', model],
    ])
    await expect(download(legacy)).rejects.toMatchObject({
      code: 'RESULT_RECEIPTS_MISSING',
      shortMessage: 'The result holds no signed epoch receipts.',
      details: 'no licen_receipts.json',
    })
  })

  test('error: the settled values of another outcome', async () => {
    const object = hexToBytes(vectors.resultObject as Hex)
    await expect(download(object, { actualEpochs: 1 })).rejects.toMatchObject({
      code: 'RESULT_EPOCHS_MISMATCH',
    })
    await expect(download(object, { receiptsHead: `0x${'00'.repeat(32)}` })).rejects.toMatchObject({
      code: 'RESULT_RECEIPTS_MISMATCH',
    })
    await expect(
      download(object, { enclaveSigner: '0x0000000000000000000000000000000000000001' }),
    ).rejects.toMatchObject({ code: 'RESULT_RECEIPT_SIGNER_MISMATCH' })
  })

  test('error: weights other than the ones the last receipt names', async () => {
    const object = await sealed([
      ['adapter_config.json', config],
      ['adapter_model.safetensors', new Uint8Array([9, 9, 9])],
      ['licen_receipts.json', receiptsFile],
    ])
    await expect(download(object)).rejects.toMatchObject({ code: 'RESULT_ADAPTER_MISMATCH' })
  })

  test('error: a result key that is not the job’s', async () => {
    await expect(
      download(hexToBytes(vectors.resultObject as Hex), {
        resultPrivateKey: hexToBytes(`0x${'11'.repeat(32)}`),
      }),
    ).rejects.toMatchObject({ code: 'ENVELOPE_DECRYPT_FAILED' })
  })

  test('error: the result object of another job', async () => {
    await expect(download(hexToBytes(vectors.resultObject as Hex), { jobId: 8n })).rejects.toMatchObject({
      code: 'ENVELOPE_CONTEXT_MISMATCH',
    })
  })
})

describe('downloadJobResult', () => {
  const requester = privateKeyToAccount(`0x${'a1'.repeat(32)}`)
  const files: [string, Uint8Array][] = [
    ['adapter_config.json', config],
    ['adapter_model.safetensors', model],
    ['licen_receipts.json', receiptsFile],
  ]
  const settled = { receiptsHead: vectors.receiptsHead as Hex, actualEpochs: vectors.actualEpochs }

  test('default: the requesting wallet re-derives its result key and the result verifies', async () => {
    const { publicKey } = await deriveResultKey(requester)
    const { storage, root } = await storageOf(await sealed(files, hexToBytes(publicKey)))
    const result = await downloadJobResult({
      storage,
      ...job,
      completed: { resultRoot: root, ...settled },
      enclaveSigner: vectors.enclaveSigner as Hex,
      resultPubKey: publicKey,
      signer: requester,
    })
    expect(result.files.map((file) => [file.name, file.size])).toEqual([
      ['adapter_config.json', 7],
      ['adapter_model.safetensors', 20],
      ['licen_receipts.json', receiptsFile.length],
    ])
    expect(result.adapterHash).toBe(keccak256(model))
  })

  test('error: RESULT_NOT_REQUESTER for another wallet, before anything is downloaded', async () => {
    const asked: Hex[] = []
    const error = await downloadJobResult({
      storage: {
        upload: async () => ({ root: vectors.receiptsHead as Hex, size: 0 }),
        download: async (root) => {
          asked.push(root)
          return new Blob([]).stream()
        },
        has: async () => true,
      },
      ...job,
      completed: { resultRoot: vectors.receiptsHead as Hex, ...settled },
      enclaveSigner: vectors.enclaveSigner as Hex,
      resultPubKey: bytesToHex(resultPublicKey),
      signer: requester,
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({
      name: 'ResultError',
      code: 'RESULT_NOT_REQUESTER',
      shortMessage: "This account's result key is not the one the job was requested with.",
      details: `account ${requester.address}`,
    })
    expect(asked).toEqual([])
  })
})
