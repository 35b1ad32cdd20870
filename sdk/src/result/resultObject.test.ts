import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, hexToBytes } from 'viem'
import { describe, expect, test } from 'vitest'
import { openResultKey } from '../envelope/resultKey.js'
import { adapterFileFromBytes } from './adapterFileFromBytes.js'
import { createAdapterContainerStream } from './createAdapterContainerStream.js'
import { createResultObjectStream } from './createResultObjectStream.js'
import vectors from './fixtures/vectors.json' with { type: 'json' }
import { openResultObject } from './openResultObject.js'
import { readResultObject } from './readResultObject.js'

const resultPrivateKey = hexToBytes('0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f')
const resultPublicKey = secp256k1.getPublicKey(resultPrivateKey, true)
const otherPrivateKey = hexToBytes('0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6')
const job = { chainId: 31337, contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3', jobId: 7n } as const
const config = new TextEncoder().encode('{"r":8}')
const model = new Uint8Array(3000).map((_, i) => i * 7)

// Written by createResultObjectStream (commit 8a5ba82) for job 7 on 31337 / 0x5FbD…0aa3, sealed to
// resultPrivateKey; container: adapter_config.json = '{"r":8}', adapter_model.safetensors = bytes 0..19, from before
// results carried licen_receipts.json. Frozen so that later readers still open it (downloadResult then refuses it
// with RESULT_RECEIPTS_MISSING). The current layout's frozen object is fixtures/vectors.json (see its generator).
const frozen =
  '0x4c434e5201011d04ee3cb6c558b8792bc8bdac0023448fb4d6dccbc79eebab8c92851c9ac914083228e9499de15678b147bc095dbbc605539c7b6114dcb6c7631182d3bae5af45f9c4cab69579a85782e4e1123e1e31d44d937e4edeaa2fd56879e43c089264928ea3c211be4696c9d9a525f141ed09de3a496513dcfaf0d5bb716ffd93d9670201a65b80bdeb0076862a52629cb1fec592c9d0cd136611bec71cf0021e9066cf7b33cc5118b7950d9b5906350e44e420805b8a93297503c86b88a5137a8d5158e18ba33753cfe5ff5e6494a36c836936c510dc3ed120a6ac50960eec74a6b0fc2c99f7b3c710dc5d4363fc236dfa29a56ee3a329481d96ba6f57ac6795c9aab39363179498ceb135668cf0867ec5fbc48465dd35cb22749ffa1d44f48e4c434e31011400006395de9c6df2b3007d27481d3c7746f3adbfabf08b8b94e6b52268d3f054ca2ed04b24dcfc27c75221c088f8ede7c1f82bb6c666d565d9748df24e5ed8e401a7978fe6fb01b1535c98d9df3127674736373945c772f2861189923dcbb431f7a7efb7a1e29b1d8b6eacd77a64e3081c00670db4697beae39676d913edc16bb400749f54a1596ccd62d71c44d798bbfe12b0ea7532efad2523af6a04d676d7ddf93ff0473e34832989b503370ae1905b4103abfeb1ee9d401c6ad13abaf71a964bc5540dfce584fc115051f9cefaebd63633b1280e1df962419c78837e6ccbcd155d1e515ee4cedfc49fcd9a2ce9fcdce5c0ac9d3154a0b282674c0dc6ab0d87698ff7e07792cf8bfd8676a239fdbb79ffa17c441601f5f3c1b9022bf3e30caf7cc173ac5ea7aae0d8f426dcc1f7689f63c377ea7685b0'

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  for await (const part of stream as unknown as AsyncIterable<Uint8Array>) parts.push(part)
  return Buffer.concat(parts)
}

const container = () =>
  createAdapterContainerStream([
    adapterFileFromBytes('adapter_config.json', config),
    adapterFileFromBytes('adapter_model.safetensors', model),
  ])

async function sealedObject(chunkSizeLog2 = 10): Promise<Uint8Array> {
  return collect(
    await createResultObjectStream({ ...job, resultPublicKey, plaintext: container(), chunkSizeLog2 }),
  )
}

describe('createResultObjectStream / readResultObject', () => {
  test('default', async () => {
    const files = await readResultObject({ ...job, resultPrivateKey, source: await sealedObject() })
    expect(files.map((f) => [f.name, f.size])).toEqual([
      ['adapter_config.json', 7],
      ['adapter_model.safetensors', 3000],
    ])
    expect(Buffer.from(files[1]!.bytes).equals(Buffer.from(model))).toBe(true)
  })

  test('behavior: opens the frozen object', async () => {
    const files = await readResultObject({ ...job, resultPrivateKey, source: hexToBytes(frozen) })
    expect(files.map((f) => [f.name, Buffer.from(f.bytes).toString('hex')])).toEqual([
      ['adapter_config.json', Buffer.from('{"r":8}').toString('hex')],
      ['adapter_model.safetensors', '000102030405060708090a0b0c0d0e0f10111213'],
    ])
  })

  test('behavior: opens the frozen object with receipts (scripts/gen-result-vectors.ts)', async () => {
    const files = await readResultObject({
      ...job,
      resultPrivateKey,
      source: hexToBytes(vectors.resultObject as `0x${string}`),
    })
    expect(files.map((f) => [f.name, new TextDecoder().decode(f.bytes)])).toEqual([
      ['adapter_config.json', vectors.adapterConfig],
      [
        'adapter_model.safetensors',
        new TextDecoder().decode(hexToBytes(vectors.adapterModel as `0x${string}`)),
      ],
      ['licen_receipts.json', vectors.receiptsFile],
    ])
  })

  test('behavior: layout is LCNR ‖ 1 ‖ u16be length ‖ result-key envelope ‖ LCN1 stream', async () => {
    const bytes = await sealedObject()
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('LCNR')
    expect(bytes[4]).toBe(1)
    const length = (bytes[5]! << 8) | bytes[6]!
    const key = openResultKey({ ...job, resultPrivateKey, envelope: bytes.subarray(7, 7 + length) })
    expect(key.length).toBe(32)
    expect(new TextDecoder().decode(bytes.subarray(7 + length, 7 + length + 4))).toBe('LCN1')
  })

  test('behavior: every object gets a fresh result key', async () => {
    const a = await sealedObject()
    const b = await sealedObject()
    const keyOf = (bytes: Uint8Array) =>
      bytesToHex(
        openResultKey({
          ...job,
          resultPrivateKey,
          envelope: bytes.subarray(7, 7 + ((bytes[5]! << 8) | bytes[6]!)),
        }),
      )
    expect(keyOf(a)).not.toBe(keyOf(b))
  })

  test('behavior: reads from a stream split at every byte', async () => {
    const bytes = await sealedObject()
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const b of bytes) controller.enqueue(new Uint8Array([b]))
        controller.close()
      },
    })
    const files = await readResultObject({ ...job, resultPrivateKey, source })
    expect(files.map((f) => f.sha256)).toEqual([
      adapterFileFromBytes('a', config).sha256,
      adapterFileFromBytes('b', model).sha256,
    ])
  })

  test('error: researcher key of someone else', async () => {
    await expect(
      openResultObject({ ...job, resultPrivateKey: otherPrivateKey, source: await sealedObject() }),
    ).rejects.toMatchObject({ code: 'ENVELOPE_DECRYPT_FAILED' })
  })

  test('error: object of another job', async () => {
    await expect(
      openResultObject({ ...job, jobId: 8n, resultPrivateKey, source: await sealedObject() }),
    ).rejects.toMatchObject({ code: 'ENVELOPE_CONTEXT_MISMATCH' })
  })

  test.each([
    ['bad magic', 0, 'RESULT_OBJECT_INVALID'],
    ['unknown version', 4, 'RESULT_OBJECT_INVALID'],
  ])('error: %s', async (_, at, code) => {
    const bytes = await sealedObject()
    bytes[at]! ^= 0x10
    await expect(openResultObject({ ...job, resultPrivateKey, source: bytes })).rejects.toMatchObject({
      code,
    })
  })

  test('error: zero envelope length', async () => {
    const bytes = await sealedObject()
    bytes[5] = 0
    bytes[6] = 0
    await expect(openResultObject({ ...job, resultPrivateKey, source: bytes })).rejects.toMatchObject({
      code: 'RESULT_OBJECT_INVALID',
    })
  })

  test.each([
    ['inside the prefix', 5],
    ['inside the envelope', 100],
  ])('error: truncated %s', async (_, cut) => {
    const bytes = (await sealedObject()).slice(0, cut)
    await expect(openResultObject({ ...job, resultPrivateKey, source: bytes })).rejects.toMatchObject({
      code: 'RESULT_OBJECT_TRUNCATED',
    })
  })

  test('error: a modified ciphertext byte', async () => {
    const bytes = await sealedObject()
    bytes[bytes.length - 100]! ^= 1
    await expect(readResultObject({ ...job, resultPrivateKey, source: bytes })).rejects.toMatchObject({
      code: 'LCN1_CHUNK_AUTH_FAILED',
    })
  })

  test('error: ciphertext cut after a whole chunk', async () => {
    const bytes = await sealedObject()
    const envelopeEnd = 7 + ((bytes[5]! << 8) | bytes[6]!)
    // header 16 + one sealed 1 KiB chunk (1024 + 16 tag)
    const cut = bytes.slice(0, envelopeEnd + 16 + 1040)
    await expect(readResultObject({ ...job, resultPrivateKey, source: cut })).rejects.toMatchObject({
      code: 'LCN1_TRUNCATED',
    })
  })
})
