import { verifyMessage } from 'ethers'
import type { Address, Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { createReplayGuard } from './createReplayGuard.js'
import { providerRequestMessage } from './providerRequestMessage.js'
import { signProviderRequest } from './signProviderRequest.js'
import { verifyProviderRequest } from './verifyProviderRequest.js'

// anvil account #0 / #1 (public test keys)
const orchestrator = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80')
const stranger = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const T = 1_700_000_000
const body = '{"nonce":"0x00"}'
const path = '/v1/jobs/1/attest'
const isOrchestrator = async (address: Address) => address === orchestrator.address

async function signed(overrides: { timestamp?: number; account?: typeof orchestrator } = {}) {
  return signProviderRequest({
    account: overrides.account ?? orchestrator,
    method: 'POST',
    path,
    body,
    timestamp: overrides.timestamp ?? T,
  })
}

function verify(
  headers: Record<string, string>,
  extra: Partial<Parameters<typeof verifyProviderRequest>[0]> = {},
) {
  return verifyProviderRequest({
    method: 'POST',
    path,
    body,
    headers,
    isOrchestrator,
    replayGuard: createReplayGuard(),
    now: T,
    ...extra,
  })
}

describe('signProviderRequest', () => {
  test('default', async () => {
    const headers = await signed()
    expect(headers['x-licen-address']).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')
    expect(headers['x-licen-timestamp']).toBe('1700000000')
    // Cross-checked with an independent EIP-191 implementation (ethers).
    const message = providerRequestMessage({ method: 'POST', path, timestamp: T, body })
    expect(verifyMessage(message, headers['x-licen-signature'])).toBe(orchestrator.address)
  })
})

describe('verifyProviderRequest', () => {
  test('default', async () => {
    expect(await verify(await signed())).toBe(orchestrator.address)
  })

  test('behavior: accepts fetch Headers and the edge of the skew window', async () => {
    const headers = new Headers(await signed({ timestamp: T - 60 }))
    expect(await verify({}, { headers })).toBe(orchestrator.address)
  })

  test('behavior: lower-case address header is accepted', async () => {
    const headers = await signed()
    expect(await verify({ ...headers, 'x-licen-address': headers['x-licen-address'].toLowerCase() })).toBe(
      orchestrator.address,
    )
  })

  test('error: missing header', async () => {
    const { 'x-licen-signature': _, ...headers } = await signed()
    await expect(verify(headers)).rejects.toMatchObject({ code: 'REQUEST_AUTH_MISSING' })
  })

  test.each([
    ['address', { 'x-licen-address': '0x1234' }],
    ['timestamp', { 'x-licen-timestamp': '17e8' }],
    ['timestamp with leading zero', { 'x-licen-timestamp': '01700000000' }],
    ['signature', { 'x-licen-signature': '0xdead' }],
  ])('error: malformed %s', async (_, override) => {
    await expect(verify({ ...(await signed()), ...override })).rejects.toMatchObject({
      code: 'REQUEST_AUTH_MALFORMED',
    })
  })

  test('error: repeated header', async () => {
    const headers: Record<string, string | string[]> = { ...(await signed()) }
    headers['x-licen-timestamp'] = ['1', '2']
    await expect(
      verifyProviderRequest({
        method: 'POST',
        path,
        body,
        headers,
        isOrchestrator,
        replayGuard: createReplayGuard(),
        now: T,
      }),
    ).rejects.toMatchObject({ code: 'REQUEST_AUTH_MALFORMED' })
  })

  test('error: timestamp too old and too far ahead', async () => {
    await expect(verify(await signed({ timestamp: T - 61 }))).rejects.toMatchObject({
      code: 'REQUEST_AUTH_EXPIRED',
    })
    await expect(verify(await signed({ timestamp: T + 61 }))).rejects.toMatchObject({
      code: 'REQUEST_AUTH_EXPIRED',
    })
  })

  test.each([
    ['body', { body: '{"nonce":"0x01"}' }],
    ['path', { path: '/v1/jobs/2/attest' }],
    ['method', { method: 'PUT' }],
  ])('error: signature over another %s', async (_, override) => {
    await expect(verify(await signed(), override)).rejects.toMatchObject({
      code: 'REQUEST_AUTH_BAD_SIGNATURE',
    })
  })

  test('error: signature by another account than the claimed address', async () => {
    const headers = await signed({ account: stranger })
    await expect(verify({ ...headers, 'x-licen-address': orchestrator.address })).rejects.toMatchObject({
      code: 'REQUEST_AUTH_BAD_SIGNATURE',
    })
  })

  test('error: not an orchestrator', async () => {
    await expect(verify(await signed({ account: stranger }))).rejects.toMatchObject({
      code: 'REQUEST_AUTH_NOT_ORCHESTRATOR',
    })
  })

  test('error: role check fails closed', async () => {
    const failing = async () => {
      throw new Error('rpc down')
    }
    await expect(verify(await signed(), { isOrchestrator: failing })).rejects.toMatchObject({
      code: 'REQUEST_AUTH_UNAVAILABLE',
    })
  })

  test('error: replayed request, also with the signature re-encoded', async () => {
    const replayGuard = createReplayGuard()
    const headers = await signed()
    expect(await verify(headers, { replayGuard })).toBe(orchestrator.address)
    await expect(verify(headers, { replayGuard })).rejects.toMatchObject({ code: 'REQUEST_AUTH_REPLAYED' })
    // Same signature with v as 0/1 instead of 27/28: a different header string for the same signed request.
    const original = headers['x-licen-signature']
    const v = Number.parseInt(original.slice(-2), 16)
    const reencoded = `${original.slice(0, -2)}${(v - 27).toString(16).padStart(2, '0')}` as Hex
    expect(reencoded).not.toBe(headers['x-licen-signature'])
    await expect(
      verify({ ...headers, 'x-licen-signature': reencoded }, { replayGuard }),
    ).rejects.toMatchObject({
      code: 'REQUEST_AUTH_REPLAYED',
    })
  })

  test('behavior: two identical requests racing: exactly one passes', async () => {
    const replayGuard = createReplayGuard()
    const headers = await signed()
    const results = await Promise.allSettled([
      verify(headers, { replayGuard }),
      verify(headers, { replayGuard }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
  })
})
