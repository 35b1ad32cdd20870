import { describe, expect, test } from 'vitest'
import { assembleKeccakWasm, renderKeccakWasmModule } from '../../../scripts/buildKeccakWasm.js'
import { keccakWasmBase64 } from '../generated/keccakWasm.js'

describe('keccak wasm build', () => {
  test('default: rebuilding from source reproduces the checked-in module byte for byte', async () => {
    const bytes = await assembleKeccakWasm()
    expect(Buffer.from(bytes).toString('base64')).toBe(keccakWasmBase64)
    expect(renderKeccakWasmModule(bytes)).toContain(keccakWasmBase64)
  })

  test('behavior: the module validates and exports the batch functions', async () => {
    const bytes = Buffer.from(keccakWasmBase64, 'base64')
    expect(WebAssembly.validate(bytes)).toBe(true)
    const module = await WebAssembly.compile(bytes)
    expect(WebAssembly.Module.exports(module).map((e) => `${e.kind}:${e.name}`)).toEqual([
      'memory:memory',
      'function:hashLeaves',
      'function:hashPairs',
      'function:segmentRoots',
    ])
  })
})
