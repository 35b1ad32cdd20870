import { silentLogger } from '@licen/sdk'
import type { Hex } from 'viem'
import { describe, expect, test } from 'vitest'
import type { RegisteredReleaseKey, ReleaseKeyRegistry } from './createReleaseKeyRegistry.js'
import { createReleaseKeys } from './createReleaseKeys.js'
import { loadReleaseKeyring } from './loadReleaseKeyring.js'

const binding = { chainId: 31337, dataPolicy: `0x${'11'.repeat(20)}` as const }
const timing = { retryDelayMs: 5, maxRetryDelayMs: 20, releaseKeyRegistrationSeconds: 1 }
const evidenceRef = `0x${'ee'.repeat(32)}` as Hex

async function setup(registered: Map<string, Omit<RegisteredReleaseKey, 'publicKey'>>) {
  const keyring = await loadReleaseKeyring({ source: 'env', privateKey: `0x${'42'.repeat(32)}` }, binding)
  const lines: { msg: string; fields: unknown }[] = []
  const registry: ReleaseKeyRegistry = {
    lookup: async (publicKey) => {
      const entry = registered.get(publicKey.toLowerCase())
      return entry && { ...entry, publicKey: publicKey.toLowerCase() as Hex }
    },
  }
  const keys = createReleaseKeys({
    keyring,
    evidenceRefs: new Map([[1, evidenceRef]]),
    registry,
    source: 'dstack',
    timing,
    log: {
      ...silentLogger,
      info: (msg: string, fields?: unknown) => lines.push({ msg, fields }),
    },
  })
  return { keyring, keys, lines, publicKey: keyring.current.publicKey.toLowerCase() }
}

const entry = (status: RegisteredReleaseKey['status']) => ({
  keyId: 7,
  evidenceRef,
  policyHash: `0x${'cc'.repeat(32)}` as Hex,
  status,
})

describe('createReleaseKeys', () => {
  test('default: an Active key is usable, and the published view names its id and evidence', async () => {
    const registered = new Map()
    const { keys, publicKey, lines } = await setup(registered)
    registered.set(publicKey, entry('Active'))
    await keys.waitUntilActive(new AbortController().signal)
    expect((await keys.keyFor(publicKey as Hex)).version).toBe(1)
    const view = { version: 1, publicKey, evidenceRef, keyId: 7, status: 'Active' }
    expect(await keys.published()).toEqual({ ...view, source: 'env', ...binding, keys: [view] })
    expect(lines.map((line) => line.msg)).toEqual(['release key registered and active on chain: releasing'])
  })

  test('behavior: waits (saying what for) until the key is registered', async () => {
    const registered = new Map()
    const { keys, publicKey, lines } = await setup(registered)
    setTimeout(() => registered.set(publicKey, entry('Active')), 60)
    await keys.waitUntilActive(new AbortController().signal)
    expect(lines[0]).toEqual({
      msg: 'waiting for the release key to be registered and Active on chain (registerReleaseKey(publicKey, evidenceRef, policyHash) by the contract owner); no job is released before',
      fields: expect.objectContaining({ version: 1, publicKey, evidenceRef, status: 'Unregistered' }),
    })
    expect(lines.at(-1)?.msg).toBe('release key registered and active on chain: releasing')
  })

  test('behavior: a Retired key still opens its datasets', async () => {
    const registered = new Map()
    const { keys, publicKey } = await setup(registered)
    registered.set(publicKey, entry('Retired'))
    expect((await keys.keyFor(publicKey as Hex)).version).toBe(1)
  })

  test.each([
    [
      'unregistered',
      undefined,
      'RELEASE_KEY_NOT_REGISTERED',
      'RELEASE_KEY_NOT_REGISTERED: release key v1 is not registered on chain',
    ],
    ['revoked', 'Revoked', 'RELEASE_KEY_REVOKED', 'RELEASE_KEY_REVOKED: release key 7 (v1) is revoked'],
  ] as const)('error: a dataset sealed to an %s key fails its job', async (_, status, code, message) => {
    const registered = new Map()
    const { keys, publicKey } = await setup(registered)
    if (status) registered.set(publicKey, entry(status))
    await expect(keys.keyFor(publicKey as Hex)).rejects.toMatchObject({ code, shortMessage: message })
  })

  test('error: a key this orchestrator does not hold', async () => {
    const { keys } = await setup(new Map())
    await expect(keys.keyFor(`0x02${'ab'.repeat(32)}`)).rejects.toMatchObject({
      code: 'KEY_ENVELOPE_INVALID',
      shortMessage: 'KEY_ENVELOPE_INVALID: sealed to a release key this orchestrator does not hold',
    })
  })

  test('error: never registered before the deadline', async () => {
    const { keys } = await setup(new Map())
    await expect(keys.waitUntilActive(new AbortController().signal)).rejects.toMatchObject({
      code: 'RELEASE_KEY_NOT_REGISTERED',
      shortMessage: 'The release key was not registered and Active on chain in time.',
    })
  })

  test('error: the current key is revoked', async () => {
    const registered = new Map()
    const { keys, publicKey } = await setup(registered)
    registered.set(publicKey, entry('Revoked'))
    await expect(keys.waitUntilActive(new AbortController().signal)).rejects.toMatchObject({
      code: 'RELEASE_KEY_REVOKED',
      details: 'version 1: configure a newer version (LICEN_RELEASE_KEY_VERSIONS)',
    })
  })

  test('error: stopped while waiting', async () => {
    const { keys } = await setup(new Map())
    const stop = new AbortController()
    setTimeout(() => stop.abort(), 20)
    await expect(keys.waitUntilActive(stop.signal)).rejects.toMatchObject({ code: 'STOPPED' })
  })
})
