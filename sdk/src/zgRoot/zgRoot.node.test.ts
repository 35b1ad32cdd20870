import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { randomBytes } from './testing/randomBytes.js'
import { sdkRoot } from './testing/sdkRoot.js'
import { zgRoot } from './zgRoot.js'

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)))
const MiB = 1024 * 1024

function streamOf(bytes: Uint8Array, pieces: number[]): ReadableStream<Uint8Array> {
  let offset = 0
  let i = 0
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close()
      const take = pieces[i++ % pieces.length]!
      controller.enqueue(bytes.slice(offset, offset + take))
      offset += take
    },
  })
}

// Node only: the fixtures are files, and the 0G SDK needs minutes for 64 MiB in a browser.
describe('zgRoot (node)', () => {
  test('default: upstream vectors (0G TS SDK ZgFile tests)', async () => {
    expect(await zgRoot(fixture('zgFile-example.ts.txt'))).toEqual({
      root: '0x76f3f9a729197e04a7b46c3fe0af7e56d8f0f39dacc3a36496fc9242a9beaa23',
      size: 83,
    })
    expect(await zgRoot(fixture('zgFile-example.md.txt'))).toEqual({
      root: '0x95034699d3a494d05642ba74ab7f07fc318070df588c8adc42a81168880cad9a',
      size: 20_182,
    })
  })

  test('behavior: equals the 0G SDK above 64 MiB, through workers and an unaligned stream', async () => {
    const size = 64 * MiB + 12_345
    const bytes = randomBytes(size, 64)
    const expected = await sdkRoot(bytes)
    expect((await zgRoot(bytes, { workers: 2 })).root).toBe(expected)
    expect((await zgRoot(streamOf(bytes, [MiB + 16, 1, 65_537]), { workers: 'auto' })).root).toBe(expected)
    expect((await zgRoot(new Blob([bytes]), { workers: 0 })).root).toBe(expected)
  }, 300_000)
})
