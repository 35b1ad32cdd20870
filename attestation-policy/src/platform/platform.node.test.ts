import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import * as selected from '#platform'
import * as node from './platform.node.js'

describe('#platform in Node', () => {
  test('default: the `node` condition selects the Node variant', () => {
    expect(selected.readDcapWasm).toBe(node.readDcapWasm)
    expect(selected.importDcapGlue).toBe(node.importDcapGlue)
    expect(selected.listJsonFiles).toBe(node.listJsonFiles)
    expect(selected.readTextFile).toBe(node.readTextFile)
  })

  test('behavior: the dcap-qvl-web WASM and glue come from node_modules', async () => {
    const wasm = await selected.readDcapWasm()
    expect([...wasm.subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d])
    const glue = await selected.importDcapGlue('platform-test')
    expect(typeof glue.initSync).toBe('function')
    expect(typeof glue.js_verify).toBe('function')
  })

  test('behavior: a folder lists its .json files sorted and reads them as text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'licen-platform-'))
    try {
      writeFileSync(join(dir, 'b.json'), '{"b":1}')
      writeFileSync(join(dir, 'a.json'), '{"a":1}')
      writeFileSync(join(dir, 'notes.txt'), 'x')
      expect(await selected.listJsonFiles(dir)).toEqual(['a.json', 'b.json'])
      expect(await selected.readTextFile(dir, 'b.json')).toBe('{"b":1}')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
