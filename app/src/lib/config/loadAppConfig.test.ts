// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest'
import { loadAppConfig } from './loadAppConfig.js'

const body = JSON.stringify({
  chain: { id: 31337, name: 'devnet', rpcUrl: 'http://127.0.0.1:8545' },
  dataPolicy: { address: '0x5FbDB2315678afecb367f032d93F642f64180aa3', deploymentBlock: 0 },
  indexerUrl: 'http://127.0.0.1:42069/graphql',
  storage: { backend: 'local', url: 'http://127.0.0.1:8790' },
  orchestratorUrl: 'http://127.0.0.1:8788',
  attestationPoliciesUrl: 'http://127.0.0.1:8790/policies',
})

const serve =
  (text: string, init: ResponseInit = {}): typeof fetch =>
  async () =>
    new Response(text, init)

describe('loadAppConfig', () => {
  test('default', async () => {
    let requested = ''
    const config = await loadAppConfig({
      fetch: async (input) => {
        requested = String(input)
        return new Response(body)
      },
    })
    expect(requested).toBe(new URL('config.json', document.baseURI).href)
    expect(config.dataPolicy.address).toBe('0x5FbDB2315678afecb367f032d93F642f64180aa3')
  })

  test('error: HTTP status', async () => {
    await expect(
      loadAppConfig({ url: 'http://x/config.json', fetch: serve('', { status: 404 }) }),
    ).rejects.toMatchObject({
      code: 'CONFIG_UNREACHABLE',
      details: 'HTTP 404',
    })
  })

  test('error: network failure', async () => {
    await expect(
      loadAppConfig({
        url: 'http://x/config.json',
        fetch: async () => {
          throw new TypeError('fetch failed')
        },
      }),
    ).rejects.toMatchObject({
      code: 'CONFIG_UNREACHABLE',
      shortMessage: 'The network configuration (config.json) could not be loaded.',
    })
  })

  test('error: larger than the limit', async () => {
    await expect(
      loadAppConfig({ url: 'http://x/config.json', fetch: serve(' '.repeat(16 * 1024 + 1)) }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      details: '16385 bytes, limit 16384',
    })
  })

  test('error: not JSON', async () => {
    await expect(loadAppConfig({ url: 'http://x/config.json', fetch: serve('{oops') })).rejects.toMatchObject(
      {
        code: 'CONFIG_INVALID',
        shortMessage: 'The network configuration (config.json) is not valid JSON.',
      },
    )
  })
})
