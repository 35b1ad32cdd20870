import { describe, expect, test } from 'vitest'
import { generateJsonl } from './generateJsonl.js'

describe('generateJsonl', () => {
  test('default: whole lines of the accepted shapes, at least the asked size, deterministic per seed', () => {
    const text = generateJsonl({ bytes: 4096, seed: 3 })
    const size = Buffer.byteLength(text)
    const lines = text.trimEnd().split('\n')
    expect(size).toBeGreaterThanOrEqual(4096)
    expect(size - Buffer.byteLength(lines.at(-1)!) - 1).toBeLessThan(4096)
    expect(text.endsWith('\n')).toBe(true)
    const shapes = lines.map((line) => Object.keys(JSON.parse(line)).sort().join(','))
    expect(new Set(shapes)).toEqual(new Set(['instruction,output', 'input,instruction,output', 'messages']))
    expect(generateJsonl({ bytes: 4096, seed: 3 })).toBe(text)
    expect(generateJsonl({ bytes: 4096, seed: 4 })).not.toBe(text)
    expect(lines.slice(0, 2)).toEqual([
      '{"instruction":"What is the capital of Chile?","output":"The capital of Chile is Santiago."}',
      '{"instruction":"Convert to upper case.","input":"apple green apple","output":"APPLE GREEN APPLE"}',
    ])
  })
})
