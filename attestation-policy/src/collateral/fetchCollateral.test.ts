import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEV_NOW, testBinding } from '../../test/devEvidence.js'
import { intelSample } from '../../test/fixtures.js'
import { type DevTeeAgent, startDevTeeAgent } from '../devTee/startDevTeeAgent.js'
import { BaseError } from '../errors.js'
import { createCollateralCache } from './collateralCache.js'
import { fetchCollateral, fetchPlatformCollateral, INTEL_ROOT_CA_CRL_URL } from './fetchCollateral.js'

let agent: DevTeeAgent
let quote: Uint8Array

beforeAll(async () => {
  agent = await startDevTeeAgent({ port: 0, now: () => DEV_NOW })
  quote = agent.tee.quote(testBinding('pccs')).quote
})
afterAll(() => agent.close())

/** A fetch that answers from a table of path → response and records what was asked. */
function fakeFetch(routes: Record<string, () => Response>, asked: string[] = []): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = new URL(String(input))
    asked.push(`${url.origin}${url.pathname}`)
    const route = routes[url.pathname]
    return route ? route() : new Response('not found', { status: 404 })
  }) as typeof fetch
}

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (error instanceof BaseError)
      return `${error.code}: ${error.shortMessage}${error.details ? ` ${error.details}` : ''}`
    throw error
  }
  return 'resolved'
}

describe('fetchCollateral', () => {
  test('default: from a PCCS (the dev TEE agent), signed documents byte-exact', async () => {
    for (const base of [
      agent.url,
      `${agent.url}/sgx/certification/v4/`,
      `${agent.url}/tdx/certification/v4`,
    ]) {
      expect(await fetchCollateral({ pccsUrl: base, quote })).toEqual(agent.tee.collateral())
    }
  })

  test("behavior: Intel PCS has no rootcacrl endpoint, so the root CRL comes from Intel's distribution point", async () => {
    const collateral = intelSample.collateral()
    const asked: string[] = []
    const json = (member: string, text: string, signature: string, header: [string, string]) => () =>
      new Response(`{"${member}":${text},"signature":"${signature}"}`, {
        headers: { [header[0]]: encodeURIComponent(header[1]) },
      })
    const fetched = await fetchCollateral({
      pccsUrl: 'https://pcs.test',
      quote: intelSample.quote(),
      fetch: fakeFetch(
        {
          '/sgx/certification/v4/pckcrl': () =>
            new Response(Buffer.from(collateral.pck_crl!, 'hex'), {
              headers: { 'SGX-PCK-CRL-Issuer-Chain': encodeURIComponent(collateral.pck_crl_issuer_chain!) },
            }),
          '/tdx/certification/v4/tcb': json('tcbInfo', collateral.tcb_info!, collateral.tcb_info_signature!, [
            'TCB-Info-Issuer-Chain',
            collateral.tcb_info_issuer_chain!,
          ]),
          '/tdx/certification/v4/qe/identity': json(
            'enclaveIdentity',
            collateral.qe_identity!,
            collateral.qe_identity_signature!,
            ['SGX-Enclave-Identity-Issuer-Chain', collateral.qe_identity_issuer_chain!],
          ),
          '/IntelSGXRootCA.der': () => new Response(Buffer.from(collateral.root_ca_crl!, 'hex')),
        },
        asked,
      ),
    })
    expect(fetched).toEqual(collateral)
    expect(asked).toEqual([
      'https://pcs.test/sgx/certification/v4/pckcrl',
      'https://pcs.test/tdx/certification/v4/tcb',
      'https://pcs.test/tdx/certification/v4/qe/identity',
      'https://pcs.test/sgx/certification/v4/rootcacrl',
      INTEL_ROOT_CA_CRL_URL,
    ])
  })

  test.each([
    [
      'a refused request',
      { '/sgx/certification/v4/pckcrl': () => new Response('', { status: 503 }) },
      'PCCS_FETCH_FAILED: The collateral service refused the PCK CRL request. HTTP 503',
    ],
    [
      'a missing issuer chain header',
      {
        '/sgx/certification/v4/pckcrl': () => new Response('0'),
        '/tdx/certification/v4/tcb': () => new Response('{"tcbInfo":{},"signature":"00"}'),
        '/tdx/certification/v4/qe/identity': () => new Response('{"enclaveIdentity":{},"signature":"00"}'),
        '/sgx/certification/v4/rootcacrl': () => new Response('00'),
      },
      'PCCS_FETCH_FAILED: The PCK CRL response lacks its issuer chain header. SGX-PCK-CRL-Issuer-Chain',
    ],
    [
      'an oversized body',
      { '/sgx/certification/v4/pckcrl': () => new Response(new Uint8Array(2_097_153)) },
      'PCCS_FETCH_FAILED: The collateral service response is too large. /sgx/certification/v4/pckcrl',
    ],
  ])('error: %s', async (_, routes, expected) => {
    expect(
      await code(fetchCollateral({ pccsUrl: 'https://pcs.test', quote, fetch: fakeFetch(routes) })),
    ).toBe(expected)
  })

  test('error: a service that does not answer in time', async () => {
    const hanging = ((_: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)),
      )) as typeof fetch
    expect(
      await code(fetchCollateral({ pccsUrl: 'https://pcs.test', quote, fetch: hanging, timeoutMs: 50 })),
    ).toBe('PCCS_FETCH_FAILED: The collateral service did not answer. /sgx/certification/v4/pckcrl')
  })
})

describe('createCollateralCache', () => {
  test('default: one fetch per platform while fresh, refetched after the TTL', async () => {
    let now = DEV_NOW
    let fetches = 0
    const cache = createCollateralCache({
      pccsUrl: agent.url,
      ttlSeconds: 600,
      now: () => now,
      fetchCollateral: (platform, parameters) => {
        fetches++
        return fetchPlatformCollateral(platform, parameters)
      },
    })
    const [a, b] = await Promise.all([cache.get(quote), cache.get(quote)])
    expect(a).toEqual(agent.tee.collateral())
    expect(b).toBe(a)
    expect(fetches).toBe(1)
    now += 601
    await cache.get(quote)
    expect(fetches).toBe(2)
    expect(cache.size()).toBe(1)
  })

  test('error: a failed fetch is not cached', async () => {
    let fetches = 0
    const cache = createCollateralCache({
      pccsUrl: 'https://pcs.test',
      fetchCollateral: async () => {
        fetches++
        throw new BaseError('down', { code: 'PCCS_FETCH_FAILED' })
      },
    })
    await expect(cache.get(quote)).rejects.toThrow('down')
    await expect(cache.get(quote)).rejects.toThrow('down')
    expect(fetches).toBe(2)
    expect(cache.size()).toBe(0)
  })
})
