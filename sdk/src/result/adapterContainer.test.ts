import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { adapterFileFromBytes } from './adapterFileFromBytes.js'
import { createAdapterContainerStream } from './createAdapterContainerStream.js'
import { decodeAdapterContainer } from './decodeAdapterContainer.js'
import { readAdapterContainer } from './readAdapterContainer.js'

const enc = new TextEncoder()
const config = enc.encode('{"r":8}')
const model = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  for await (const part of stream as unknown as AsyncIterable<Uint8Array>) parts.push(part)
  return Buffer.concat(parts)
}

/** The container built by hand from the format text, independent of the encoder. */
function handBuilt(): Uint8Array {
  const header = `{"files":[{"name":"adapter_config.json","size":7,"sha256":"${sha(config)}"},{"name":"adapter_model.safetensors","size":10,"sha256":"${sha(model)}"}]}`
  const length = Buffer.alloc(4)
  length.writeUInt32BE(header.length)
  return Buffer.concat([Buffer.from('LCNA'), Buffer.from([1]), length, Buffer.from(header), config, model])
}

const files = () => [
  adapterFileFromBytes('adapter_config.json', config),
  adapterFileFromBytes('adapter_model.safetensors', model),
]

function withHeader(header: string, tail: Uint8Array = new Uint8Array(0)): Uint8Array {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(Buffer.byteLength(header))
  return Buffer.concat([Buffer.from('LCNA'), Buffer.from([1]), length, Buffer.from(header), tail])
}

describe('createAdapterContainerStream', () => {
  test('default', async () => {
    expect(Buffer.from(await collect(createAdapterContainerStream(files()))).toString('hex')).toBe(
      Buffer.from(handBuilt()).toString('hex'),
    )
  })

  test('behavior: streams files from async sources chunk by chunk', async () => {
    const source = {
      ...adapterFileFromBytes('adapter_model.safetensors', model),
      open: async function* () {
        yield model.subarray(0, 3)
        yield model.subarray(3)
      },
    }
    const bytes = await collect(createAdapterContainerStream([files()[0]!, source]))
    expect(Buffer.from(bytes).equals(Buffer.from(handBuilt()))).toBe(true)
  })

  test('error: a file whose bytes differ from its entry', async () => {
    const lying = {
      ...adapterFileFromBytes('adapter_model.safetensors', model),
      open: () => [new Uint8Array(10)],
    }
    await expect(collect(createAdapterContainerStream([lying]))).rejects.toMatchObject({
      code: 'ADAPTER_FILE_MISMATCH',
    })
  })

  test('error: a file longer than its entry', async () => {
    const lying = { ...adapterFileFromBytes('a.bin', model), open: () => [model, model] }
    await expect(collect(createAdapterContainerStream([lying]))).rejects.toMatchObject({
      code: 'ADAPTER_FILE_MISMATCH',
    })
  })

  test.each([
    ['no files', []],
    ['a path', [adapterFileFromBytes('../etc/passwd', model)]],
    ['a dot file', [adapterFileFromBytes('.hidden', model)]],
    ['duplicate names', [adapterFileFromBytes('a', model), adapterFileFromBytes('a', config)]],
    ['17 files', Array.from({ length: 17 }, (_, i) => adapterFileFromBytes(`f${i}`, model))],
  ])('error: args: %s', (_, list) => {
    expect(() => createAdapterContainerStream(list)).toThrowError(
      expect.objectContaining({ code: 'RESULT_INVALID_ARGUMENT' }),
    )
  })
})

describe('decodeAdapterContainer', () => {
  test('default', async () => {
    const out = await decodeAdapterContainer(handBuilt())
    expect(out.map((f) => [f.name, f.size, Buffer.from(f.bytes).toString('hex')])).toEqual([
      ['adapter_config.json', 7, Buffer.from(config).toString('hex')],
      ['adapter_model.safetensors', 10, '00010203040506070809'],
    ])
  })

  test('behavior: reads from a stream split at every byte', async () => {
    const bytes = handBuilt()
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const b of bytes) controller.enqueue(new Uint8Array([b]))
        controller.close()
      },
    })
    expect((await decodeAdapterContainer(stream)).map((f) => f.sha256)).toEqual([sha(config), sha(model)])
  })

  test('behavior: events arrive in order and a file is verified after its bytes', async () => {
    const types: string[] = []
    for await (const event of readAdapterContainer(createAdapterContainerStream(files())))
      types.push(event.type)
    expect(types).toEqual(['start', 'data', 'verified', 'start', 'data', 'verified', 'end'])
  })

  test('error: bad magic', async () => {
    const bytes = handBuilt()
    bytes[0] = 0x58
    await expect(decodeAdapterContainer(bytes)).rejects.toMatchObject({ code: 'ADAPTER_CONTAINER_INVALID' })
  })

  test('error: unknown version', async () => {
    const bytes = handBuilt()
    bytes[4] = 2
    await expect(decodeAdapterContainer(bytes)).rejects.toMatchObject({ code: 'ADAPTER_CONTAINER_INVALID' })
  })

  test('error: header length above the limit', async () => {
    const bytes = handBuilt()
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(5, 65_537)
    await expect(decodeAdapterContainer(bytes)).rejects.toMatchObject({ code: 'ADAPTER_CONTAINER_TOO_LARGE' })
  })

  test('error: files above maxTotalSize', async () => {
    await expect(decodeAdapterContainer(handBuilt(), { maxTotalSize: 16 })).rejects.toMatchObject({
      code: 'ADAPTER_CONTAINER_TOO_LARGE',
    })
  })

  test.each([
    ['inside the prefix', 6],
    ['inside the header', 40],
    ['inside the last file', -1],
  ])('error: truncated %s', async (_, cut) => {
    await expect(decodeAdapterContainer(handBuilt().slice(0, cut))).rejects.toMatchObject({
      code: 'ADAPTER_CONTAINER_TRUNCATED',
    })
  })

  test('error: trailing bytes', async () => {
    const bytes = Buffer.concat([handBuilt(), Buffer.from([0])])
    await expect(decodeAdapterContainer(bytes)).rejects.toMatchObject({
      code: 'ADAPTER_CONTAINER_TRAILING_DATA',
    })
  })

  test('error: a flipped byte in a file', async () => {
    const bytes = handBuilt()
    bytes[bytes.length - 1]! ^= 1
    await expect(decodeAdapterContainer(bytes)).rejects.toMatchObject({ code: 'ADAPTER_FILE_MISMATCH' })
  })

  test.each([
    ['not JSON', '{files'],
    ['invalid UTF-8', '\u00ff'],
    ['an unknown key', `{"files":[{"name":"a","size":0,"sha256":"${sha(new Uint8Array(0))}","x":1}]}`],
    ['a negative size', `{"files":[{"name":"a","size":-1,"sha256":"${sha(new Uint8Array(0))}"}]}`],
    [
      'an upper-case hash',
      `{"files":[{"name":"a","size":0,"sha256":"${sha(new Uint8Array(0)).toUpperCase()}"}]}`,
    ],
    ['no files', '{"files":[]}'],
  ])('error: header with %s', async (_, header) => {
    const bytes =
      header === '\u00ff'
        ? Buffer.concat([Buffer.from('LCNA'), Buffer.from([1, 0, 0, 0, 1, 0xff])])
        : withHeader(header)
    await expect(decodeAdapterContainer(bytes)).rejects.toMatchObject({ code: 'ADAPTER_CONTAINER_INVALID' })
  })
})
