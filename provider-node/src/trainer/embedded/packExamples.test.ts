import { describe, expect, test } from 'vitest'
import type { Example } from '../../dataset/parseExample.js'
import { packExamples, packedCount } from './packExamples.js'

async function* stream(examples: Example[]): AsyncGenerator<Example> {
  yield* examples
}

describe('packExamples', () => {
  test('default', async () => {
    const packed = await packExamples(
      stream([
        { kind: 'text', text: 'ab' },
        { kind: 'completion', prompt: 'x', completion: 'y' },
      ]),
      256,
    )
    expect(packed && packedCount(packed)).toBe(2)
    expect(Array.from(packed!.offsets)).toEqual([0, 4, 8])
    expect(Array.from(packed!.ids)).toEqual([256, 97, 98, 257, 256, 120, 121, 257])
    expect(Array.from(packed!.learned)).toEqual([0, 1, 1, 1, 0, 0, 1, 1])
  })

  test('behavior: grows past its initial capacity', async () => {
    const text = 'z'.repeat(200)
    const packed = await packExamples(
      stream(Array.from({ length: 400 }, () => ({ kind: 'text', text }))),
      256,
    )
    expect(packed!.ids.length).toBe(400 * 202)
    expect(packed!.offsets.at(-1)).toBe(400 * 202)
    expect(packed!.ids[400 * 202 - 1]).toBe(257)
  })

  test('behavior: returns undefined when told to stop', async () => {
    let calls = 0
    const packed = await packExamples(
      stream([
        { kind: 'text', text: 'a' },
        { kind: 'text', text: 'b' },
      ]),
      256,
      () => ++calls > 1,
    )
    expect(packed).toBeUndefined()
  })
})
