import { describe, expect, test } from 'vitest'
import * as selected from '#platform'
import * as browser from './platform.browser.js'

const echo = `self.onmessage = (event) => {
  const m = event.data
  new Uint8Array(m.buffer)[0] = 42
  self.postMessage({ echo: m.echo, buffer: m.buffer }, [m.buffer])
}`

describe('#platform in the browser', () => {
  test('default: the `browser` condition selects the browser variant', () => {
    expect(selected.cpuCount).toBe(browser.cpuCount)
    expect(selected.spawnWorker).toBe(browser.spawnWorker)
  })

  test('behavior: cpuCount is navigator.hardwareConcurrency', () => {
    expect(selected.cpuCount()).toBe(navigator.hardwareConcurrency)
  })

  test('behavior: spawnWorker runs a script in a Web Worker and transfers buffers both ways', async () => {
    const worker = selected.spawnWorker(echo)
    const buffer = new ArrayBuffer(8)
    const reply = new Promise<unknown>((resolve) => worker.onMessage(resolve))
    worker.post({ echo: 'hi', buffer }, [buffer])
    expect(buffer.byteLength).toBe(0)
    const message = (await reply) as { echo: string; buffer: ArrayBuffer }
    expect(message.echo).toBe('hi')
    expect([...new Uint8Array(message.buffer)]).toEqual([42, 0, 0, 0, 0, 0, 0, 0])
    worker.terminate()
  })

  test('error: throws where a Web Worker cannot be constructed (e.g. a content security policy)', () => {
    const original = globalThis.Worker
    globalThis.Worker = class {
      constructor() {
        throw new Error('blocked by a content security policy')
      }
    } as never
    try {
      expect(() => selected.spawnWorker(echo)).toThrow('blocked by a content security policy')
    } finally {
      globalThis.Worker = original
    }
  })

  test('error: a script that throws reports an error', async () => {
    const worker = selected.spawnWorker("throw new Error('boom')")
    const error = await new Promise<unknown>((resolve) => worker.onError(resolve))
    expect(String(error)).toMatch(/boom/)
    worker.terminate()
  })
})
