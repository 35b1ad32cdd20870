import { describe, expect, test } from 'vitest'
import { AppError } from '../errors/AppError.js'
import { fetchProviderResult, MAX_PROVIDER_RESULT_BYTES } from './providerResult.js'

const hex = (bytes: number, byte: string) => `0x${byte.repeat(bytes)}` as const
const manifest = {
  jobId: '7',
  datasetRoot: hex(32, '01'),
  resultRoot: hex(32, '02'),
  codeHash: hex(32, '03'),
  attestationRef: hex(32, '04'),
  actualEpochs: 2,
  receiptsHead: hex(32, '05'),
}
const signature = hex(65, '1b')

const serve = (body: string, status = 200) => {
  const urls: string[] = []
  const fetch = (async (input: RequestInfo | URL) => {
    urls.push(String(input))
    return new Response(body, { status })
  }) as typeof globalThis.fetch
  return { fetch, urls }
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`)
  return `${error.code}: ${error.shortMessage}`
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
    expect(await failure(fetchProviderResult('http://p', 7n, down))).toBe(
      'PROVIDER_UNREACHABLE: The provider node did not give the signed result manifest.',
    )
    const notReady = serve('{"error":{"code":"RESULT_NOT_READY","message":"x"}}', 409)
    expect(await failure(fetchProviderResult('http://p', 7n, notReady.fetch))).toBe(
      'PROVIDER_UNREACHABLE: The provider node did not give the signed result manifest.',
    )
    const big = serve(JSON.stringify({ manifest, signature, pad: 'x'.repeat(MAX_PROVIDER_RESULT_BYTES) }))
    expect(await failure(fetchProviderResult('http://p', 7n, big.fetch))).toBe(
      'PROVIDER_INVALID: The provider node answered with too much data.',
    )
    expect(await failure(fetchProviderResult('http://p', 7n, serve('{"manifest":').fetch))).toBe(
      'PROVIDER_INVALID: The provider node answered with an unexpected shape.',
    )
    const shape = serve(JSON.stringify({ manifest: { ...manifest, resultRoot: '0x12' }, signature }))
    expect(await failure(fetchProviderResult('http://p', 7n, shape.fetch))).toBe(
      'PROVIDER_INVALID: The provider node answered with an unexpected shape.',
    )
  })
})
