import type { Hex } from 'viem'
import { describe, expect, test } from 'vitest'
import { RESULT_RECEIPTS_MAX_COUNT, RESULT_RECEIPTS_MAX_SIZE } from './constants.js'
import vectors from './fixtures/vectors.json' with { type: 'json' }
import {
  decodeResultReceiptsFile,
  encodeResultReceiptsFile,
  type ResultReceipt,
  resultReceiptToJson,
} from './resultReceiptsFile.js'

const enc = new TextEncoder()
const frozen = enc.encode(vectors.receiptsFile)
const wire = () =>
  JSON.parse(vectors.receiptsFile) as {
    receipt: Record<string, unknown>
    digest: string
    signature: string
  }[]
const bytesOf = (value: unknown) => enc.encode(JSON.stringify(value))

/** The widest receipt the format allows: uint256 job id, uint16 epoch, uint64 samples and loss. */
const widest: ResultReceipt = {
  receipt: {
    jobId: 2n ** 256n - 1n,
    epoch: 65_535,
    samples: 2n ** 64n - 1n,
    lossMicro: 2n ** 64n - 1n,
    adapterHash: `0x${'ab'.repeat(32)}`,
    prevReceipt: `0x${'cd'.repeat(32)}`,
  },
  digest: `0x${'ef'.repeat(32)}`,
  signature: `0x${'12'.repeat(65)}`,
}

describe('decodeResultReceiptsFile', () => {
  test('default: the frozen file (ethers generator) as bigint receipts', () => {
    const receipts = decodeResultReceiptsFile(frozen)
    expect(receipts).toEqual([
      {
        receipt: {
          jobId: 7n,
          epoch: 1,
          samples: 40n,
          lossMicro: 2_000_000n,
          adapterHash: '0x5fe7f977e71dba2ea1a68e21057beebb9be2ac30c6410aa38d4f3fbe41dcffd2',
          prevReceipt: `0x${'00'.repeat(32)}`,
        },
        digest: wire()[0]!.digest,
        signature: wire()[0]!.signature,
      },
      {
        receipt: {
          jobId: 7n,
          epoch: 2,
          samples: 40n,
          lossMicro: 1_999_999n,
          adapterHash: vectors.adapterHash,
          prevReceipt: wire()[0]!.digest,
        },
        digest: vectors.receiptsHead,
        signature: wire()[1]!.signature,
      },
    ])
  })

  test.each([
    ['an empty list', []],
    ['not a list', { receipts: [] }],
    ['an unknown key beside the receipt', [{ ...wire()[0], extra: 1 }]],
    ['an unknown receipt field', [{ ...wire()[0], receipt: { ...wire()[0]!.receipt, extra: 1 } }]],
    ['no digest', [{ receipt: wire()[0]!.receipt, signature: wire()[0]!.signature }]],
    ['a job id as a number', [{ ...wire()[0], receipt: { ...wire()[0]!.receipt, jobId: 7 } }]],
    ['samples with a leading zero', [{ ...wire()[0], receipt: { ...wire()[0]!.receipt, samples: '040' } }]],
    [
      'samples above uint64',
      [{ ...wire()[0], receipt: { ...wire()[0]!.receipt, samples: (2n ** 64n).toString() } }],
    ],
    ['a negative loss', [{ ...wire()[0], receipt: { ...wire()[0]!.receipt, lossMicro: '-1' } }]],
    ['epoch 0', [{ ...wire()[0], receipt: { ...wire()[0]!.receipt, epoch: 0 } }]],
    ['epoch 65536', [{ ...wire()[0], receipt: { ...wire()[0]!.receipt, epoch: 65_536 } }]],
    ['epoch as a string', [{ ...wire()[0], receipt: { ...wire()[0]!.receipt, epoch: '1' } }]],
    ['upper-case hex', [{ ...wire()[0], digest: wire()[0]!.digest.toUpperCase().replace('0X', '0x') }]],
    ['a 64-byte signature', [{ ...wire()[0], signature: wire()[0]!.signature.slice(0, 130) }]],
  ])('error: %s', (_, value) => {
    expect(() => decodeResultReceiptsFile(bytesOf(value))).toThrowError(
      expect.objectContaining({
        code: 'RESULT_RECEIPTS_INVALID',
        shortMessage: 'The receipts file does not have the receipts schema.',
      }),
    )
  })

  test.each([
    ['not JSON', enc.encode('[{"receipt":')],
    ['invalid UTF-8', new Uint8Array([0x5b, 0xff, 0x5d])],
    ['a byte-order mark', new Uint8Array([0xef, 0xbb, 0xbf, ...frozen])],
  ])('error: %s', (_, bytes) => {
    expect(() => decodeResultReceiptsFile(bytes)).toThrowError(
      expect.objectContaining({
        code: 'RESULT_RECEIPTS_INVALID',
        shortMessage: 'The receipts file is not JSON.',
      }),
    )
  })

  test('error: one byte above the size limit, before it is parsed', () => {
    expect(() => decodeResultReceiptsFile(new Uint8Array(RESULT_RECEIPTS_MAX_SIZE + 1))).toThrowError(
      expect.objectContaining({
        code: 'RESULT_RECEIPTS_INVALID',
        shortMessage: 'The receipts file is too large.',
        details: `${RESULT_RECEIPTS_MAX_SIZE + 1} bytes, limit 37748736`,
      }),
    )
  })

  test('error: more receipts than uint16 epochs, within the size limit', () => {
    const entry = JSON.stringify(wire()[0])
    const bytes = enc.encode(
      `[${Array(RESULT_RECEIPTS_MAX_COUNT + 1)
        .fill(entry)
        .join(',')}]`,
    )
    expect(bytes.length).toBeLessThan(RESULT_RECEIPTS_MAX_SIZE)
    expect(() => decodeResultReceiptsFile(bytes)).toThrowError(
      expect.objectContaining({
        code: 'RESULT_RECEIPTS_INVALID',
        details: '(root): Too big: expected array to have <=65535 items',
      }),
    )
  })
})

describe('resultReceiptToJson', () => {
  test('default: integers other than epoch as decimal strings, keys in format order', () => {
    const json = resultReceiptToJson(widest)
    expect(json).toEqual({
      receipt: {
        jobId: (2n ** 256n - 1n).toString(),
        epoch: 65_535,
        samples: '18446744073709551615',
        lossMicro: '18446744073709551615',
        adapterHash: `0x${'ab'.repeat(32)}`,
        prevReceipt: `0x${'cd'.repeat(32)}`,
      },
      digest: `0x${'ef'.repeat(32)}`,
      signature: `0x${'12'.repeat(65)}`,
    })
    expect([Object.keys(json), Object.keys(json.receipt)]).toEqual([
      ['receipt', 'digest', 'signature'],
      ['jobId', 'epoch', 'samples', 'lossMicro', 'adapterHash', 'prevReceipt'],
    ])
  })
})

describe('encodeResultReceiptsFile', () => {
  test('default: byte for byte the frozen file', () => {
    expect(new TextDecoder().decode(encodeResultReceiptsFile(decodeResultReceiptsFile(frozen)))).toBe(
      vectors.receiptsFile,
    )
  })

  test('behavior: the widest receipt takes 575 bytes, so 65,535 of them fit the size limit', () => {
    const one = encodeResultReceiptsFile([widest])
    expect(one.length).toBe(2 + 575)
    expect(decodeResultReceiptsFile(one)).toEqual([widest])
    expect(2 + 65_535 * 575 + 65_534).toBe(37_748_161)
    expect(37_748_161).toBeLessThanOrEqual(RESULT_RECEIPTS_MAX_SIZE)
  })

  test.each([
    ['no receipts', []],
    ['epoch 0', [{ ...widest, receipt: { ...widest.receipt, epoch: 0 } }]],
    ['samples above uint64', [{ ...widest, receipt: { ...widest.receipt, samples: 2n ** 64n } }]],
    ['upper-case hex', [{ ...widest, digest: `0x${'EF'.repeat(32)}` as Hex }]],
  ])('error: args: %s', (_, receipts) => {
    expect(() => encodeResultReceiptsFile(receipts)).toThrowError(
      expect.objectContaining({
        code: 'RESULT_INVALID_ARGUMENT',
        shortMessage: 'The receipts are not a valid receipts file.',
      }),
    )
  })
})
