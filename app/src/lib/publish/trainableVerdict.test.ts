import { analyzeJsonl } from '@licen/sdk'
import { describe, expect, test } from 'vitest'
import { trainableVerdict } from './trainableVerdict.js'

async function verdictOf(bytes: Uint8Array<ArrayBuffer> | string) {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes
  const { inspection, report } = await analyzeJsonl(new Blob([data]).stream(), { invalidLines: 'skip' })
  return trainableVerdict(inspection, report)
}

const lines = (n: number, row: object) =>
  `${Array.from({ length: n }, () => JSON.stringify(row)).join('\n')}\n`
/** The first 32 bytes of a PNG file (signature, IHDR chunk): three "lines", split at its \r\n and \n bytes. */
const png = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
  0x00, 0x10, 0x00, 0x00, 0x00, 0x10, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0xf3, 0xff,
])

describe('trainableVerdict', () => {
  test('default: trainable rows per shape, the others skipped by reason with line numbers', async () => {
    const file = `${lines(2, { instruction: 'Add 1 and 2.', output: '3' })}{"prompt":"a","completion":"b"}\n{"foo":1,"bar":"x"}\n`
    expect(await verdictOf(file)).toEqual({
      kind: 'trainable',
      sentence: '3 of 4 rows can be trained on; the other 1 (1 in no accepted shape) will be skipped.',
      formats: '2 instruction/output · 1 prompt/completion',
      skipped: [{ reason: 'UNKNOWN_SHAPE', text: 'in no accepted shape', count: 1, lines: [4] }],
    })
  })

  test('error: 50 rows in no accepted shape are refused (DATASET_NOT_TRAINABLE)', async () => {
    expect(await verdictOf(lines(50, { foo: 1, bar: 'x' }))).toEqual({
      kind: 'refused',
      code: 'DATASET_NOT_TRAINABLE',
      sentence:
        'None of the 50 rows can be trained on (50 in no accepted shape); each row must be one of {"messages":[{"role":"user","content":…},{"role":"assistant","content":…}]}, {"instruction","input"?,"output"}, {"prompt","completion"} or {"text"}.',
    })
  })

  test('error: an empty file is one sentence', async () => {
    for (const file of ['', '\n\n  \n'])
      expect(await verdictOf(file)).toEqual({
        kind: 'refused',
        code: 'DATASET_NOT_TRAINABLE',
        sentence: 'The file has no rows: it is empty or holds only blank lines.',
      })
  })

  test('error: a PNG is one sentence, not a list of lines', async () => {
    expect(await verdictOf(png)).toEqual({
      kind: 'refused',
      code: 'DATASET_NOT_TRAINABLE',
      sentence: 'The file is not JSONL: none of its 3 lines is JSON.',
    })
  })

  test('behavior: a file mixing rows and bad lines lists the bad lines', async () => {
    expect(await verdictOf(`${lines(1, { text: 'a' })}{"cut\n42\n`)).toEqual({ kind: 'bad-lines' })
  })
})
