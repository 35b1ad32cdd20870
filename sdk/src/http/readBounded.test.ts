import { describe, expect, test } from 'vitest'
import { BodyTooLargeError } from './BodyTooLargeError.js'
import { readBounded } from './readBounded.js'

const bytes = (...values: number[]) => new Uint8Array(values)
/** A stream of the given chunks; `cancelled` records what cancelled it. */
const streamOf = (chunks: Uint8Array[], options: { hang?: boolean; fail?: Error } = {}) => {
  const log = { cancelled: false, pulled: 0 }
  let index = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      log.pulled++
      if (index < chunks.length) return controller.enqueue(chunks[index++]!)
      if (options.fail) return controller.error(options.fail)
      if (options.hang) return new Promise(() => {})
      controller.close()
    },
    cancel() {
      log.cancelled = true
    },
  })
  return { stream, log }
}

describe('readBounded', () => {
  test('default: concatenates the chunks', async () => {
    const { stream } = streamOf([bytes(1, 2), bytes(3), bytes(4, 5)])
    expect(await readBounded(stream, { maxBytes: 5 })).toEqual(bytes(1, 2, 3, 4, 5))
  })

  test('args: a Response', async () => {
    expect(await readBounded(new Response('héllo'), { maxBytes: 6 })).toEqual(
      new TextEncoder().encode('héllo'),
    )
    expect(await readBounded(new Response(null), { maxBytes: 0 })).toEqual(bytes())
  })

  test('args: a Request', async () => {
    const request = new Request('http://x.test/', { method: 'POST', body: 'abc' })
    expect(await readBounded(request, { maxBytes: 3 })).toEqual(bytes(97, 98, 99))
  })

  test('error: a body over the cap, counted while reading', async () => {
    const { stream, log } = streamOf([bytes(1, 2, 3), bytes(4, 5), bytes(6)])
    const error = await readBounded(stream, { maxBytes: 4 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BodyTooLargeError)
    expect(error).toMatchObject({
      code: 'BODY_TOO_LARGE',
      shortMessage: 'The body is too large.',
      details: 'more than 4 bytes',
      maxBytes: 4,
      declaredBytes: undefined,
    })
    expect(log).toEqual({ cancelled: true, pulled: 2 })
  })

  test('error: a declared length over the cap fails before reading', async () => {
    const { stream, log } = streamOf([bytes(1)])
    const response = { headers: new Headers({ 'content-length': '10' }), body: stream }
    await expect(readBounded(response, { maxBytes: 9 })).rejects.toMatchObject({
      code: 'BODY_TOO_LARGE',
      details: '10 bytes, at most 9',
      declaredBytes: 10,
    })
    expect(log.cancelled).toBe(true)
  })

  test('behavior: tooLarge maps the error to the caller’s own', async () => {
    const { stream } = streamOf([bytes(1, 2)])
    const mine = new Error('mine')
    await expect(
      readBounded(stream, {
        maxBytes: 1,
        tooLarge: (error) => {
          expect(error.details).toBe('more than 1 bytes')
          return mine
        },
      }),
    ).rejects.toBe(mine)
  })

  test('error: a timeout rejects with TimeoutError and cancels the stream', async () => {
    const { stream, log } = streamOf([bytes(1)], { hang: true })
    const error = await readBounded(stream, { maxBytes: 10, timeoutMs: 20 }).catch((e: unknown) => e)
    expect((error as DOMException).name).toBe('TimeoutError')
    expect(log.cancelled).toBe(true)
  })

  test('error: the caller aborts', async () => {
    const { stream, log } = streamOf([bytes(1)], { hang: true })
    const controller = new AbortController()
    const reading = readBounded(stream, { maxBytes: 10, signal: controller.signal })
    setTimeout(() => controller.abort(new Error('stop')), 5)
    await expect(reading).rejects.toThrow('stop')
    expect(log.cancelled).toBe(true)
    const already = AbortSignal.abort(new Error('before'))
    await expect(readBounded(streamOf([]).stream, { maxBytes: 1, signal: already })).rejects.toThrow('before')
  })

  test('error: a stream error passes through; wipeOnError zero-fills what was read', async () => {
    const chunk = bytes(7, 7)
    const failure = new Error('reset')
    const { stream } = streamOf([chunk], { fail: failure })
    await expect(readBounded(stream, { maxBytes: 10, wipeOnError: true })).rejects.toBe(failure)
    expect(chunk).toEqual(bytes(0, 0))
    const kept = bytes(7)
    await expect(readBounded(streamOf([kept], { fail: failure }).stream, { maxBytes: 10 })).rejects.toBe(
      failure,
    )
    expect(kept).toEqual(bytes(7))
  })
})
