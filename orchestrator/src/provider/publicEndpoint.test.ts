import { describe, expect, test } from 'vitest'
import { assertPublicEndpoint, isPublicAddress } from './publicEndpoint.js'

describe('isPublicAddress', () => {
  test.each([
    ['8.8.8.8', true],
    ['1.1.1.1', true],
    ['172.32.0.1', true],
    ['2606:4700:4700::1111', true],
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:169.254.169.254', false],
    ['not-an-ip', false],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected)
  })
})

describe('assertPublicEndpoint', () => {
  const resolvesTo =
    (...addresses: string[]) =>
    async () =>
      addresses

  test('default: a public literal or a name with only public addresses passes', async () => {
    await expect(assertPublicEndpoint('https://8.8.8.8/provider/')).resolves.toBeUndefined()
    await expect(
      assertPublicEndpoint('https://provider.example/', {
        resolve: resolvesTo('93.184.216.34', '2606:2800::1'),
      }),
    ).resolves.toBeUndefined()
  })

  test.each([
    ['http://127.0.0.1:8080/', '127.0.0.1'],
    ['http://[::1]/', '::1'],
    ['http://[::ffff:10.0.0.1]/', '::ffff:a00:1'],
    ['http://localhost:9000/', 'localhost'],
    ['http://admin.localhost/', 'admin.localhost'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
  ])('error: %s is refused', async (endpoint, details) => {
    await expect(assertPublicEndpoint(endpoint, { resolve: resolvesTo('8.8.8.8') })).rejects.toMatchObject({
      code: 'PROVIDER_ENDPOINT_NOT_PUBLIC',
      details,
    })
  })

  test('error: a name with any private address is refused, naming the address', async () => {
    await expect(
      assertPublicEndpoint('https://rebind.example/', {
        resolve: resolvesTo('93.184.216.34', '192.168.0.10'),
      }),
    ).rejects.toMatchObject({
      code: 'PROVIDER_ENDPOINT_NOT_PUBLIC',
      details: 'rebind.example resolves to 192.168.0.10',
    })
  })

  test('error: a name that does not resolve in time is unreachable (retried), not refused', async () => {
    await expect(
      assertPublicEndpoint('https://slow.example/', { resolve: () => new Promise(() => {}), timeoutMs: 20 }),
    ).rejects.toMatchObject({ code: 'PROVIDER_UNREACHABLE', details: 'slow.example: no answer within 20 ms' })
    await expect(
      assertPublicEndpoint('https://empty.example/', { resolve: resolvesTo() }),
    ).rejects.toMatchObject({ code: 'PROVIDER_UNREACHABLE', details: 'empty.example: no address' })
  })
})
