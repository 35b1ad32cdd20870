import { resultManifestJson } from '@licen/sdk/testing'
import { describe, expect, test } from 'vitest'
import { AppError } from '../errors/AppError.js'
import { fetchProviderResult, MAX_PROVIDER_RESULT_BYTES } from './providerResult.js'

const hex = (bytes: number, byte: string) => `0x${byte.repeat(bytes)}` as const
const manifest = resultManifestJson
const signature = hex(65, '1b')

const serve = (body: string, status = 200) => {
  const urls: string[] = []
  const fetch = (async (input: RequestInfo | URL) => {
    urls.push(String(input))
    return new Response(body, { status })
  }) as typeof globalThis.fetch
  return { fetch, urls }
}

const unreachable = {
  code: 'PROVIDER_UNREACHABLE',
  shortMessage: 'The provider node did not give the signed result manifest.',
}
const unexpectedShape = {
  code: 'PROVIDER_INVALID',
  shortMessage: 'The provider node answered with an unexpected shape.',
}

describe('fetchProviderResult', () => {
  test('default: the signed manifest, integers as bigints', async () => {
    const server = serve(JSON.stringify({ manifest, signature, signer: hex(20, '11') }))
    expect(await fetchProviderResult('http://provider.test/', 7n, server.fetch)).toEqual({
      manifest: { ...manifest, jobId: 7n },
      signature,
    })
    expect(server.urls).toEqual(['http://provider.test/v1/jobs/7/result'])
  })

  test('error: unreachable, refused, too large, not JSON, out of shape', async () => {
    const down = (async () => {
      throw new TypeError('fetch failed')
    }) as typeof fetch
    const error = await fetchProviderResult('http://p', 7n, down).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject(unreachable)
    const notReady = serve('{"error":{"code":"RESULT_NOT_READY","message":"x"}}', 409)
    await expect(fetchProviderResult('http://p', 7n, notReady.fetch)).rejects.toMatchObject(unreachable)
    const big = serve(JSON.stringify({ manifest, signature, pad: 'x'.repeat(MAX_PROVIDER_RESULT_BYTES) }))
    await expect(fetchProviderResult('http://p', 7n, big.fetch)).rejects.toMatchObject({
      code: 'PROVIDER_INVALID',
      shortMessage: 'The provider node answered with too much data.',
    })
    const notJson = serve('{"manifest":')
    await expect(fetchProviderResult('http://p', 7n, notJson.fetch)).rejects.toMatchObject(unexpectedShape)
    const shape = serve(JSON.stringify({ manifest: { ...manifest, resultRoot: '0x12' }, signature }))
    await expect(fetchProviderResult('http://p', 7n, shape.fetch)).rejects.toMatchObject(unexpectedShape)
  })
})
