import { describe, expect, test } from 'vitest'
import * as selected from '#platform'
import * as browser from './platform.browser.js'

describe('#platform in the browser', () => {
  test('default: the `browser` condition selects the browser variant', () => {
    expect(selected.readDcapWasm).toBe(browser.readDcapWasm)
    expect(selected.importDcapGlue).toBe(browser.importDcapGlue)
    expect(selected.listJsonFiles).toBe(browser.listJsonFiles)
    expect(selected.readTextFile).toBe(browser.readTextFile)
  })

  test('error: every file-system read rejects with what needs Node', async () => {
    await expect(selected.readDcapWasm()).rejects.toThrow(
      'reading the dcap-qvl WASM from node_modules needs Node (no file system here)',
    )
    await expect(selected.importDcapGlue('x')).rejects.toThrow(
      'importing the dcap-qvl glue from node_modules needs Node (no file system here)',
    )
    await expect(selected.listJsonFiles('/')).rejects.toThrow(
      'reading a policy folder needs Node (no file system here)',
    )
    await expect(selected.readTextFile('/', 'a.json')).rejects.toThrow(
      'reading a policy file needs Node (no file system here)',
    )
  })
})
